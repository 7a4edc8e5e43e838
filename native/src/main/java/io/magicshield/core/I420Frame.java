package io.magicshield.core;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An I420 frame as three direct buffers with strides: exactly what webrtc-java's {@code NativeI420Buffer} gives
 * ({@code getDataY/U/V()}, {@code getStrideY/U/V()}). The native core reads and writes these buffers in place at
 * their current positions; nothing is copied.
 */
public record I420Frame(int width, int height, ByteBuffer y, int strideY, ByteBuffer u, int strideU, ByteBuffer v,
                        int strideV) {

    public I420Frame {
        Objects.requireNonNull(y, "y plane");
        Objects.requireNonNull(u, "u plane");
        Objects.requireNonNull(v, "v plane");
        if (width < 2 || height < 2 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("frame size " + width + "x" + height + " is outside 2.." + MAX_SIDE);
        }
        checkPlanes(y, u, v, width, height, strideY, strideU, strideV);
    }

    /** The largest width or height the native core takes. */
    public static final int MAX_SIDE = 8192;

    /**
     * Checks again that the planes hold the frame: a buffer's position may have moved since the frame was made,
     * and the native side trusts these bounds.
     */
    void checkPlanes() {
        checkPlanes(y, u, v, width, height, strideY, strideU, strideV);
    }

    private static void checkPlanes(ByteBuffer y, ByteBuffer u, ByteBuffer v, int width, int height, int strideY,
                                    int strideU, int strideV) {
        int chromaWidth = (width + 1) / 2;
        int chromaHeight = (height + 1) / 2;
        checkPlane("y", y, strideY, width, height);
        checkPlane("u", u, strideU, chromaWidth, chromaHeight);
        checkPlane("v", v, strideV, chromaWidth, chromaHeight);
    }

    /** A tightly packed frame in newly allocated direct memory. */
    public static I420Frame allocate(int width, int height) {
        int chromaWidth = (width + 1) / 2;
        int chromaHeight = (height + 1) / 2;
        return new I420Frame(width, height, ByteBuffer.allocateDirect(width * height), width,
            ByteBuffer.allocateDirect(chromaWidth * chromaHeight), chromaWidth,
            ByteBuffer.allocateDirect(chromaWidth * chromaHeight), chromaWidth);
    }

    private static void checkPlane(String name, ByteBuffer plane, int stride, int width, int rows) {
        if (!plane.isDirect()) {
            throw new IllegalArgumentException(name + " plane must be a direct buffer (it is passed by address)");
        }
        if (stride < width) {
            throw new IllegalArgumentException(name + " stride " + stride + " is smaller than the plane width " + width);
        }
        long needed = (long) stride * (rows - 1) + width;
        if (plane.remaining() < needed) {
            throw new IllegalArgumentException(name + " plane has " + plane.remaining() + " bytes, needs " + needed
                + " for " + width + "x" + rows + " at stride " + stride);
        }
    }
}
