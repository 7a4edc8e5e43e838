package io.magicshield.rtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One pre-allocated place on a receiver's connection for another participant's video: a send-only video
 * transceiver. Showing a stream puts a track made from its source on the sender; clearing takes it off (no
 * renegotiation either way). The page learns which stream a slot shows from the {@code room} message, by mid.
 */
final class ReceiveSlot implements SharedStream.Viewer {

    private static final Logger LOG = Logger.getLogger(ReceiveSlot.class.getName());

    private final String owner;
    private final PeerConnectionFactory factory;
    private final RTCRtpSender sender;
    private final Object lock = new Object();
    private SharedStream shown;
    private VideoTrack track;
    private boolean closed;

    ReceiveSlot(String owner, PeerConnectionFactory factory, RTCRtpSender sender) {
        this.owner = owner;
        this.factory = factory;
        this.sender = sender;
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
            track = factory.createVideoTrack("slot-" + owner + "-" + stream.id(), stream.video);
            sender.replaceTrack(track);
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
        try {
            sender.replaceTrack(null);
            track.dispose();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "session " + owner + ": a slot's track could not be taken off", e);
        }
        track = null;
    }
}
