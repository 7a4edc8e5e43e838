package io.magicshield.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.magicshield.rtc.FrameFeed;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The one copy of a decoded picture into the frame worker's buffer: every pixel, and nothing past a row's end. */
class DecodedFrameTest {

    private static final int WIDTH = 7;
    private static final int HEIGHT = 5;
    private static final int CHROMA_WIDTH = 4;
    private static final int CHROMA_ROWS = 3;
    /** What the destination holds where nothing may be written: row padding. */
    private static final byte UNTOUCHED = (byte) 0xEE;

    /** A decoder's picture with padded rows: pixel (x, y) of plane p holds p * 64 + y * 8 + x. */
    private static DecodedFrame decoded(int strideY, int strideUv) {
        return new DecodedFrame(
                WIDTH,
                HEIGHT,
                plane(0, strideY, WIDTH, HEIGHT),
                strideY,
                plane(1, strideUv, CHROMA_WIDTH, CHROMA_ROWS),
                plane(2, strideUv, CHROMA_WIDTH, CHROMA_ROWS),
                strideUv,
                0);
    }

    private static ByteBuffer plane(int index, int stride, int width, int rows) {
        ByteBuffer plane = ByteBuffer.allocateDirect(stride * rows);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < stride; x++) {
                plane.put(y * stride + x, x < width ? (byte) (index * 64 + y * 8 + x) : (byte) 0x55);
            }
        }
        return plane;
    }

    private static ByteBuffer untouched(int bytes) {
        ByteBuffer plane = ByteBuffer.allocateDirect(bytes);
        for (int i = 0; i < bytes; i++) {
            plane.put(i, UNTOUCHED);
        }
        return plane;
    }

    private static void assertPlane(int index, ByteBuffer plane, int stride, int width, int rows) {
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < stride; x++) {
                byte expected = x < width ? (byte) (index * 64 + y * 8 + x) : UNTOUCHED;
                assertEquals(expected, plane.get(y * stride + x), "plane " + index + " at " + x + "," + y);
            }
        }
    }

    private static void copiesInto(int fromStrideY, int fromStrideUv, int toStrideY, int toStrideUv) {
        FrameFeed.Planes into = new FrameFeed.Planes(
                untouched(toStrideY * HEIGHT),
                toStrideY,
                untouched(toStrideUv * CHROMA_ROWS),
                toStrideUv,
                untouched(toStrideUv * CHROMA_ROWS),
                toStrideUv);

        decoded(fromStrideY, fromStrideUv).copyTo(into);

        assertPlane(0, into.y(), toStrideY, WIDTH, HEIGHT);
        assertPlane(1, into.u(), toStrideUv, CHROMA_WIDTH, CHROMA_ROWS);
        assertPlane(2, into.v(), toStrideUv, CHROMA_WIDTH, CHROMA_ROWS);
    }

    @Test
    void rowByRowWhenTheStridesDiffer() {
        copiesInto(32, 16, WIDTH, CHROMA_WIDTH);
        copiesInto(32, 16, 8, 6);
    }

    @Test
    void inOnePieceWhenTheStridesAreTheSame() {
        // the padding between rows goes along (it is the decoder's, and the worker reads only the picture)
        FrameFeed.Planes into = new FrameFeed.Planes(
                untouched(WIDTH * HEIGHT),
                WIDTH,
                untouched(CHROMA_WIDTH * CHROMA_ROWS),
                CHROMA_WIDTH,
                untouched(CHROMA_WIDTH * CHROMA_ROWS),
                CHROMA_WIDTH);

        decoded(WIDTH, CHROMA_WIDTH).copyTo(into);

        assertPlane(0, into.y(), WIDTH, WIDTH, HEIGHT);
        assertPlane(1, into.u(), CHROMA_WIDTH, CHROMA_WIDTH, CHROMA_ROWS);
        assertPlane(2, into.v(), CHROMA_WIDTH, CHROMA_WIDTH, CHROMA_ROWS);
    }
}
