package io.magicshield.source;

/**
 * One decoded picture as I420 planes in the decoder's own memory (no copy): valid only until the decoder decodes
 * the next frame or closes, so a consumer uses or copies it at once.
 *
 * @param y, u, v           the planes' native addresses
 * @param strideY, strideUv bytes per row of the luma and of each chroma plane
 * @param timestampMicros   the frame's presentation time in the source
 */
public record DecodedFrame(
        int width, int height, long y, int strideY, long u, long v, int strideUv, long timestampMicros) {}
