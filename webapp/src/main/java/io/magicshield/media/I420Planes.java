package io.magicshield.media;

import java.nio.ByteBuffer;

/**
 * One I420 picture as three direct buffers with their strides: exactly what a WebRTC {@code NativeI420Buffer}
 * exposes, so an effect reads and writes the frame memory in place, with no copy.
 */
public record I420Planes(int width, int height,
                         ByteBuffer y, int strideY,
                         ByteBuffer u, int strideU,
                         ByteBuffer v, int strideV) {
}
