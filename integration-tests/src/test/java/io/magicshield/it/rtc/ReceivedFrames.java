package io.magicshield.it.rtc;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import io.magicshield.it.video.FrameMarker;
import io.magicshield.it.video.I420Image;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The processed frames coming back, sorted by the sent frame they were made from ({@link FrameMarker}). Of each
 * sent frame it keeps the last one received: the sender repeats every frame for several frame times, and the last
 * repeat has let the effect's fade and the encoder's quality settle. Runs on WebRTC's decoder thread, so it copies
 * the pixels out, releases the frame at once and does nothing slow.
 */
public final class ReceivedFrames implements VideoTrackSink {

    /** A received frame and when it arrived (System.nanoTime). */
    public record Received(I420Image image, long firstArrivalNanos, long lastArrivalNanos) {}

    private final boolean mirrored;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger unreadable = new AtomicInteger();
    private final AtomicLong firstArrivalNanos = new AtomicLong();
    private final Map<Integer, Received> byNumber = new ConcurrentHashMap<>();
    private final Set<String> sizes = ConcurrentHashMap.newKeySet();

    /** @param mirrored whether the server mirrors frames (the marker is then read right to left) */
    public ReceivedFrames(boolean mirrored) {
        this.mirrored = mirrored;
    }

    @Override
    public void onVideoFrame(VideoFrame frame) {
        long now = System.nanoTime();
        I420Image image;
        try {
            // a decoded frame is already I420: toI420() then returns the same buffer, released with the frame
            I420Buffer buffer = frame.buffer.toI420();
            try {
                image = I420Image.copyOf(
                        buffer.getWidth(),
                        buffer.getHeight(),
                        buffer.getDataY(),
                        buffer.getStrideY(),
                        buffer.getDataU(),
                        buffer.getStrideU(),
                        buffer.getDataV(),
                        buffer.getStrideV());
            } finally {
                if (buffer != frame.buffer) {
                    buffer.release();
                }
            }
        } finally {
            frame.release();
        }
        count.incrementAndGet();
        firstArrivalNanos.compareAndSet(0, now);
        sizes.add(image.width() + "x" + image.height());
        OptionalInt number = FrameMarker.read(image, mirrored);
        if (number.isEmpty()) {
            unreadable.incrementAndGet();
            return;
        }
        byNumber.merge(
                number.getAsInt(),
                new Received(image, now, now),
                (earlier, latest) -> new Received(latest.image(), earlier.firstArrivalNanos(), now));
    }

    public int count() {
        return count.get();
    }

    public int unreadable() {
        return unreadable.get();
    }

    /** When the first frame arrived (System.nanoTime), 0 if none did. */
    public long firstArrivalNanos() {
        return firstArrivalNanos.get();
    }

    /** The last frame received of each sent frame number, in number order. */
    public Map<Integer, Received> byNumber() {
        return new TreeMap<>(byNumber);
    }

    public Set<String> sizes() {
        return Set.copyOf(sizes);
    }
}
