package io.magicshield.load;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import io.magicshield.it.video.FrameMarker;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The processed frames of one load session: reads each one's marker straight from the decoder's luma plane (no
 * copy: this runs on WebRTC's decoder thread, beside the driver's other peers, on the same cores as the server),
 * pairs it with the send it was made from and records when it came back. Frames whose marker cannot be read (the
 * encoder smeared the band) are counted, never guessed.
 */
final class MarkedFrames implements VideoTrackSink {

    /** A frame back: when the frame it was made from was sent, when it arrived, and whether it kept the sent size. */
    record Arrival(long sentNanos, long arrivedNanos, boolean fullSize) {}

    private final SendLog sent;
    private final int width;
    private final int height;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final AtomicInteger unreadable = new AtomicInteger();
    private final AtomicLong firstArrivalNanos = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();

    /** @param width, height the size the camera sends: a frame that comes back smaller was scaled down by WebRTC */
    MarkedFrames(SendLog sent, int width, int height) {
        this.sent = sent;
        this.width = width;
        this.height = height;
    }

    @Override
    public void onVideoFrame(VideoFrame frame) {
        long now = System.nanoTime();
        firstArrivalNanos.compareAndSet(0, now);
        delivered.incrementAndGet();
        OptionalInt number;
        int w;
        int h;
        try {
            // a decoded frame is already I420: toI420() returns the same buffer, released with the frame
            I420Buffer buffer = frame.buffer.toI420();
            try {
                w = buffer.getWidth();
                h = buffer.getHeight();
                ByteBuffer y = buffer.getDataY();
                int stride = buffer.getStrideY();
                // the server mirrors (every load session asks for it), so the marker reads right to left
                number = FrameMarker.read(w, h, (x, row) -> y.get(row * stride + x) & 0xff, true);
            } finally {
                if (buffer != frame.buffer) {
                    buffer.release();
                }
            }
        } finally {
            frame.release();
        }
        long sentNanos = number.isPresent() ? sent.lastSent(number.getAsInt()) : 0;
        if (sentNanos == 0) {
            unreadable.incrementAndGet();
            return;
        }
        synchronized (arrivals) {
            arrivals.add(new Arrival(sentNanos, now, w == width && h == height));
        }
    }

    /** Every frame back so far, in arrival order. */
    List<Arrival> arrivals() {
        synchronized (arrivals) {
            return List.copyOf(arrivals);
        }
    }

    /** Frames WebRTC handed to this sink, readable or not: compared with its decoder's count. */
    long delivered() {
        return delivered.get();
    }

    int unreadable() {
        return unreadable.get();
    }

    /** When the first processed frame arrived (System.nanoTime), 0 if none did yet. */
    long firstArrivalNanos() {
        return firstArrivalNanos.get();
    }
}
