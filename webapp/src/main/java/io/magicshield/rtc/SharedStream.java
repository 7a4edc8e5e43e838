package io.magicshield.rtc;

import dev.onvoid.webrtc.media.video.CustomVideoSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A participant's processed video as others receive it: the source its frame worker pushes to, processed once and
 * encoded per receiver. Other peers show it in their {@link ReceiveSlot}s through tracks made from this source; the
 * source may be disposed only once no such track is left, so {@link #close()} first detaches every slot showing it.
 * <p>
 * Video only; room sound goes over each peer's {@link AudioChannel}. Forwarding microphones as tracks (an
 * {@code AudioTrackSink} into a {@code CustomAudioSource}) aborted the server in RoomIT, twice. webrtc-java 0.14's headless audio module pulls the remote audio on two threads (its playout
 * thread, and its capture thread, which pulls playout data too and feeds every sending stream), and libwebrtc aborts
 * the process when two threads send into one audio stream at once ("race_checker ... RaceDetected",
 * audio_send_stream.cc:368); stopping the capture after each attach did not prevent it (docs/protocol.md, rooms).
 */
public final class SharedStream {

    /** A receive slot that shows this stream: detached when the stream closes. */
    interface Viewer {
        void detach(SharedStream stream);
    }

    private final String id;
    final CustomVideoSource video = new CustomVideoSource();
    private final Object lock = new Object();
    private final Set<Viewer> viewers = new LinkedHashSet<>();
    private boolean closed;

    SharedStream(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** @return false when the stream has closed: the viewer must not make tracks from its source */
    boolean add(Viewer viewer) {
        synchronized (lock) {
            return !closed && viewers.add(viewer);
        }
    }

    void remove(Viewer viewer) {
        synchronized (lock) {
            viewers.remove(viewer);
        }
    }

    /** Detaches every slot that shows this stream, then disposes the source. Call once, off WebRTC's threads. */
    void close() {
        List<Viewer> showing;
        synchronized (lock) {
            closed = true;
            showing = new ArrayList<>(viewers);
        }
        for (Viewer viewer : showing) {
            viewer.detach(this); // waits for a slot being attached to finish, then detaches it
        }
        video.dispose();
    }
}
