package io.magicshield.source;

import java.nio.ByteBuffer;

/**
 * One decoded picture as I420 planes in the decoder's own memory (direct buffers over it, no copy): valid only until
 * the decoder decodes the next frame or closes, so a consumer uses or copies it at once.
 *
 * @param y, u, v           the planes, each from its first byte to its last row's end
 * @param strideY, strideUv bytes per row of the luma and of each chroma plane
 * @param timestampMicros   the frame's presentation time in the source
 */
public record DecodedFrame(
        int width,
        int height,
        ByteBuffer y,
        int strideY,
        ByteBuffer u,
        ByteBuffer v,
        int strideUv,
        long timestampMicros) {}
