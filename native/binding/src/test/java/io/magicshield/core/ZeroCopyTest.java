package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.magicshield.core.probe.ProbeNative;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The native side works on the Java buffers themselves: planes reach C++ as the buffers' own addresses at their
 * positions, and the pass reads and writes exactly the caller's bytes there, strides and all.
 */
class ZeroCopyTest {
    private static final int W = 64;
    private static final int H = 48;
    private static final int STRIDE_Y = 80;
    private static final int STRIDE_C = 48;
    private static final int OFFSET = 16;

    /** Planes as slices of one block, at non-zero positions, with padded strides, as a decoder lays them out. */
    private static I420Frame sliced(ByteBuffer block) {
        ByteBuffer y = block.duplicate().position(OFFSET);
        ByteBuffer u = block.duplicate().position(OFFSET + STRIDE_Y * H);
        ByteBuffer v = block.duplicate().position(OFFSET + STRIDE_Y * H + STRIDE_C * (H / 2));
        return new I420Frame(W, H, y, STRIDE_Y, u, STRIDE_C, v, STRIDE_C);
    }

    private static ByteBuffer block(int fill) {
        ByteBuffer block = ByteBuffer.allocateDirect(OFFSET + STRIDE_Y * H + 2 * STRIDE_C * (H / 2) + OFFSET);
        for (int i = 0; i < block.capacity(); i++) {
            block.put(i, (byte) fill);
        }
        return block;
    }

    /** Mapped as the frame pass's plane parameters are: C++ gets the buffer's memory at its position, no copy. */
    @Test
    void aPlaneReachesCppAsTheBuffersOwnAddressAtItsPosition() {
        ByteBuffer block = ByteBuffer.allocateDirect(4096);
        long base = ProbeNative.planeAddress(block);
        for (int position : new int[] {1, 16, 4000}) {
            assertEquals(
                    base + position,
                    ProbeNative.planeAddress(block.duplicate().position(position)),
                    "position " + position);
            assertEquals(base + position, ProbeNative.planeAddress(block.slice(position, 8)), "slice at " + position);
        }
    }

    /**
     * A pass reads the input's bytes at the planes' positions and strides, and writes the output's there and
     * nowhere else: every picture byte arrives, and the padding around and between the planes stays as it was.
     */
    @Test
    void thePassReadsAndWritesTheCallersBytesInPlace() {
        ByteBuffer inBlock = block(7);
        I420Frame in = sliced(inBlock);
        paint(in);
        ByteBuffer outBlock = block(0xEE);
        I420Frame out = sliced(outBlock);
        try (ShieldProcessor processor =
                NativeCore.instance().newProcessor(EffectOptions.defaults().with(EffectOption.MIRROR, false))) {
            processor.process(in, out, 0);
        }
        for (int i = 0; i < outBlock.capacity(); i++) {
            int expected = inPicture(in, i) ? inBlock.get(i) & 0xff : 0xEE;
            assertEquals(expected, outBlock.get(i) & 0xff, "byte " + i + " of the output block");
        }
    }

    /** Distinct values in every picture byte (not the padding), so a byte read from elsewhere shows. */
    private static void paint(I420Frame f) {
        paintPlane(f.y(), f.strideY(), W, H, 0);
        paintPlane(f.u(), f.strideU(), W / 2, H / 2, 101);
        paintPlane(f.v(), f.strideV(), W / 2, H / 2, 53);
    }

    private static void paintPlane(ByteBuffer plane, int stride, int width, int rows, int seed) {
        for (int r = 0; r < rows; r++) {
            for (int x = 0; x < width; x++) {
                plane.put(plane.position() + r * stride + x, (byte) (seed + 3 * r + 5 * x));
            }
        }
    }

    /** Whether byte {@code i} of a block laid out by {@link #sliced} belongs to the picture. */
    private static boolean inPicture(I420Frame f, int i) {
        return inPlane(f.y(), f.strideY(), W, H, i)
                || inPlane(f.u(), f.strideU(), W / 2, H / 2, i)
                || inPlane(f.v(), f.strideV(), W / 2, H / 2, i);
    }

    private static boolean inPlane(ByteBuffer plane, int stride, int width, int rows, int i) {
        int offset = i - plane.position();
        return offset >= 0 && offset < stride * rows && offset % stride < width;
    }
}
