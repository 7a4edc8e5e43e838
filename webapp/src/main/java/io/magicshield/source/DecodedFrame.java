package io.magicshield.source;

import io.magicshield.rtc.FrameFeed;
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
        long timestampMicros) {

    /**
     * Copies the picture into {@code into}: the one copy between the decoder and the frame worker (the decoder
     * reuses its memory for the next frame before the worker's thread is done with this one): 0.06 ms for a 1280x720
     * picture (SourceDecodeBench). A plane whose rows have the same stride on both sides goes in one piece, otherwise
     * row by row.
     */
    public void copyTo(FrameFeed.Planes into) {
        int chromaWidth = (width + 1) / 2;
        int chromaRows = (height + 1) / 2;
        copy(y, strideY, into.y(), into.strideY(), width, height);
        copy(u, strideUv, into.u(), into.strideU(), chromaWidth, chromaRows);
        copy(v, strideUv, into.v(), into.strideV(), chromaWidth, chromaRows);
    }

    private static void copy(ByteBuffer from, int fromStride, ByteBuffer to, int toStride, int rowBytes, int rows) {
        if (fromStride == toStride) {
            to.put(0, from, 0, fromStride * (rows - 1) + rowBytes);
            return;
        }
        for (int row = 0; row < rows; row++) {
            to.put(row * toStride, from, row * fromStride, rowBytes);
        }
    }
}
