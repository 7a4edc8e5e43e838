package io.magicshield.rtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One pre-allocated place on a receiver's connection for another participant's media: a send-only video transceiver
 * and (when the page offered one) its audio partner. Showing a stream puts tracks made from its sources on the
 * senders; clearing takes them off (no renegotiation either way). The page learns which stream a slot shows from the
 * {@code room} message, by mid.
 */
final class ReceiveSlot implements SharedStream.Viewer {

    private static final Logger LOG = Logger.getLogger(ReceiveSlot.class.getName());

    private final String owner;
    private final PeerConnectionFactory factory;
    private final RTCRtpSender videoSender;
    private final RTCRtpSender audioSender;
    private final Object lock = new Object();
    private SharedStream shown;
    private VideoTrack videoTrack;
    private AudioTrack audioTrack;
    private boolean closed;

    /** @param audioSender null when the page offered no audio section for this slot */
    ReceiveSlot(String owner, PeerConnectionFactory factory, RTCRtpSender videoSender, RTCRtpSender audioSender) {
        this.owner = owner;
        this.factory = factory;
        this.videoSender = videoSender;
        this.audioSender = audioSender;
    }

    /** The stream on show, or null. */
    SharedStream shown() {
        synchronized (lock) {
            return shown;
        }
    }

    /** Shows {@code stream} instead of whatever was shown; nothing when the slot or the stream has closed. */
    void show(SharedStream stream) {
        synchronized (lock) {
            if (closed || stream == shown) {
                return;
            }
            clearLocked();
            if (!stream.add(this)) {
                return;
            }
            shown = stream;
            videoTrack = factory.createVideoTrack("slot-" + owner + "-" + stream.id(), stream.video);
            videoSender.replaceTrack(videoTrack);
            if (audioSender != null) {
                audioTrack = factory.createAudioTrack("slot-audio-" + owner + "-" + stream.id(), stream.audio);
                audioSender.replaceTrack(audioTrack);
            }
        }
    }

    void clear() {
        synchronized (lock) {
            clearLocked();
        }
    }

    /** Clears the slot for good: before the connection closes. */
    void close() {
        synchronized (lock) {
            clearLocked();
            closed = true;
        }
    }

    @Override
    public void detach(SharedStream stream) {
        synchronized (lock) {
            if (shown == stream) {
                clearLocked();
            }
        }
    }

    /** The order webrtc-java needs: off the sender first, then disposed (webrtc-java.md). */
    private void clearLocked() {
        if (shown == null) {
            return;
        }
        shown.remove(this);
        shown = null;
        step("detach video", () -> videoSender.replaceTrack(null));
        step("dispose video", videoTrack::dispose);
        videoTrack = null;
        if (audioTrack != null) {
            step("detach audio", () -> audioSender.replaceTrack(null));
            step("dispose audio", audioTrack::dispose);
            audioTrack = null;
        }
    }

    private void step(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "session " + owner + ": slot step '" + what + "' failed", e);
        }
    }
}
