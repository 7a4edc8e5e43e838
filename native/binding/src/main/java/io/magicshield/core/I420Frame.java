package io.magicshield.core;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An I420 frame as three direct buffers with strides: exactly what webrtc-java's {@code NativeI420Buffer} gives
 * ({@code getDataY/U/V()}, {@code getStrideY/U/V()}). The native core reads and writes these buffers in place at
 * their current positions; nothing is copied.
 *
 * <p>Making one checks nothing but the planes' presence: {@link ShieldProcessor#process} checks what only Java can
 * see (direct buffers, their bytes from their positions) when it hands them over, and the core the rest (the size
 * it takes, strides, the output's shape).
 */
public record I420Frame(
        int width, int height, ByteBuffer y, int strideY, ByteBuffer u, int strideU, ByteBuffer v, int strideV) {

    public I420Frame {
        Objects.requireNonNull(y, "y plane");
        Objects.requireNonNull(u, "u plane");
        Objects.requireNonNull(v, "v plane");
    }

    /** A tightly packed frame in newly allocated direct memory. */
    public static I420Frame allocate(int width, int height) {
        int chromaWidth = (width + 1) / 2;
        int chromaHeight = (height + 1) / 2;
        return new I420Frame(
                width,
                height,
                ByteBuffer.allocateDirect(width * height),
                width,
                ByteBuffer.allocateDirect(chromaWidth * chromaHeight),
                chromaWidth,
                ByteBuffer.allocateDirect(chromaWidth * chromaHeight),
                chromaWidth);
    }

    /**
     * Checks that the planes can be passed by address and hold the frame from their current positions, as the core
     * trusts those bounds. A size or stride the core does not take is left to the core, which names it.
     */
    void checkPlanes() {
        int chromaWidth = (width + 1) / 2;
        int chromaHeight = (height + 1) / 2;
        checkPlane("y", y, strideY, width, height);
        checkPlane("u", u, strideU, chromaWidth, chromaHeight);
        checkPlane("v", v, strideV, chromaWidth, chromaHeight);
    }

    private static void checkPlane(String name, ByteBuffer plane, int stride, int width, int rows) {
        if (!plane.isDirect()) {
            throw new IllegalArgumentException(name + " plane must be a direct buffer (it is passed by address)");
        }
        if (width < 1 || rows < 1 || stride < width) {
            return; // no extent to check: the core refuses this geometry before it reads anything
        }
        long needed = (long) stride * (rows - 1) + width;
        if (plane.remaining() < needed) {
            throw new IllegalArgumentException(name + " plane has " + plane.remaining() + " bytes, needs " + needed
                    + " for " + width + "x" + rows + " at stride " + stride);
        }
    }
}
