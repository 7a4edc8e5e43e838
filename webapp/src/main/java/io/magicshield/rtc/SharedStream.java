package io.magicshield.rtc;

import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A participant's media as others receive it: the processed video (the source its frame worker pushes to, processed
 * once, encoded per receiver) and its microphone, forwarded as it arrives (no mixing: each receiver's browser mixes
 * the few participants it hears, and no one is sent their own voice because nobody's slot shows themselves).
 * <p>
 * Other peers show it in their {@link ReceiveSlot}s through tracks made from these sources; the sources may be disposed
 * only once no such track is left, so {@link #close()} first detaches every slot that shows it.
 */
public final class SharedStream {

    /** A receive slot that shows this stream: detached when the stream closes. */
    interface Viewer {
        void detach(SharedStream stream);
    }

    private final String id;
    final CustomVideoSource video = new CustomVideoSource();
    final CustomAudioSource audio = new CustomAudioSource();
    private final Object lock = new Object();
    private final Set<Viewer> viewers = new LinkedHashSet<>();
    private boolean closed;
    private volatile boolean microphoneOpen = true;

    /** The microphone's sink: runs on WebRTC's audio thread, 10 ms at a time, and only passes the samples on. */
    final AudioTrackSink microphone = this::forward;

    SharedStream(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    private void forward(byte[] data, int bitsPerSample, int sampleRate, int channels, int frames) {
        if (microphoneOpen) {
            audio.pushAudio(data, bitsPerSample, sampleRate, channels, frames);
        }
    }

    /** @return false when the stream has closed: the viewer must not make tracks from its sources */
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

    /** Stops forwarding sound; call before the microphone's sink is removed and the sources disposed. */
    void closeMicrophone() {
        microphoneOpen = false;
    }

    /** Detaches every slot that shows this stream, then disposes the sources. Call once, off WebRTC's threads. */
    void close() {
        List<Viewer> showing;
        synchronized (lock) {
            closed = true;
            showing = new ArrayList<>(viewers);
        }
        for (Viewer viewer : showing) {
            viewer.detach(this); // waits for a slot being attached to finish, then detaches it
        }
        microphoneOpen = false;
        audio.dispose();
        video.dispose();
    }
}
