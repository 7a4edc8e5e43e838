package io.magicshield.media;

import dev.onvoid.webrtc.media.video.NativeI420Buffer;

/**
 * The output pictures of one session, reused round-robin so a frame costs no allocation.
 * {@code CustomVideoSource.pushFrame} keeps its own reference while the encoder reads a buffer, and Java cannot ask
 * for a reference count; libwebrtc's encoder holds at most the frame it encodes and the newest waiting one, so a
 * buffer rewritten only after {@code depth - 1} newer pushes is no longer read. Used by the frame worker thread only.
 */
final class OutputBufferPool implements AutoCloseable {

    private final NativeI420Buffer[] ring;
    private int next;

    /** @param depth at least 3 ({@link MediaSettings} checks it) */
    OutputBufferPool(int depth) {
        ring = new NativeI420Buffer[depth];
    }

    /** @return a buffer of this size that the pool keeps owning: push it, never release it */
    NativeI420Buffer next(int width, int height) {
        NativeI420Buffer buffer = ring[next];
        if (buffer == null || buffer.getWidth() != width || buffer.getHeight() != height) {
            if (buffer != null) {
                buffer.release();
            }
            buffer = NativeI420Buffer.allocate(width, height);
            ring[next] = buffer;
        }
        next = (next + 1) % ring.length;
        return buffer;
    }

    /** Gives up the pool's references; the encoder keeps its own for buffers still in flight. */
    @Override
    public void close() {
        for (int i = 0; i < ring.length; i++) {
            if (ring[i] != null) {
                ring[i].release();
                ring[i] = null;
            }
        }
    }
}
