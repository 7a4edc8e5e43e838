package io.magicshield.media;

import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import java.util.function.LongSupplier;

/**
 * The output pictures of one session, reused round-robin so a frame usually costs no allocation.
 * {@code CustomVideoSource.pushFrame} keeps its own reference while the encoder reads a buffer, and Java cannot ask
 * for the reference count. libwebrtc's encoder takes the newest frame within a frame time or two and drops the
 * rest, so a buffer is written again only once it is both {@code depth - 1} pushes old and older than
 * {@link #MIN_REUSE_AGE_NANOS}; when the encoder is that far behind, a new buffer is allocated instead and the
 * old one is left to the encoder. Were the encoder ever to hold a buffer longer, it would encode a newer picture
 * than it was given, never freed memory: the pool keeps its own reference until it drops a buffer. Every allocation and release of the pool's own references is counted. Used by
 * the frame worker thread only.
 */
final class OutputBufferPool implements AutoCloseable {

    /** Five frame times at 30 fps: far longer than an encoder that keeps up holds a frame. */
    static final long MIN_REUSE_AGE_NANOS = 166_000_000L;

    private final NativeI420Buffer[] ring;
    private final long[] pushedAt;
    private final LongSupplier clock;
    private final FrameCounters counters;
    private int next;

    /** @param depth at least 3 ({@link MediaSettings} checks it) */
    OutputBufferPool(int depth, FrameCounters counters) {
        this(depth, System::nanoTime, counters);
    }

    OutputBufferPool(int depth, LongSupplier clock, FrameCounters counters) {
        ring = new NativeI420Buffer[depth];
        pushedAt = new long[depth];
        this.clock = clock;
        this.counters = counters;
    }

    /** @return a buffer of this size that the pool keeps owning: push it (now), never release it */
    NativeI420Buffer next(int width, int height) {
        long now = clock.getAsLong();
        NativeI420Buffer buffer = ring[next];
        boolean reusable = buffer != null
                && buffer.getWidth() == width
                && buffer.getHeight() == height
                && now - pushedAt[next] >= MIN_REUSE_AGE_NANOS;
        if (!reusable) {
            if (buffer != null) {
                release(buffer); // the encoder's own reference, if any, keeps it alive until it is done
            }
            buffer = NativeI420Buffer.allocate(width, height);
            counters.outputBufferAllocated();
            ring[next] = buffer;
        }
        pushedAt[next] = now;
        next = (next + 1) % ring.length;
        return buffer;
    }

    /** Gives up the pool's references; the encoder keeps its own for buffers still in flight. */
    @Override
    public void close() {
        for (int i = 0; i < ring.length; i++) {
            if (ring[i] != null) {
                release(ring[i]);
                ring[i] = null;
            }
        }
    }

    private void release(NativeI420Buffer buffer) {
        buffer.release();
        counters.outputBufferReleased();
    }
}
