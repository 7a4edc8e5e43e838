package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/** The native side works on the Java buffers themselves: it sees their addresses, not copies. */
class ZeroCopyTest {

    private static long address(ByteBuffer b) {
        try (Pointer p = new Pointer(b)) {
            return p.address() + b.position();
        }
    }

    @Test
    void nativeSideSeesTheBuffersAddresses() {
        // Planes as slices of one block, at non-zero positions, with padded strides, as a decoder lays them out.
        int w = 64, h = 48, strideY = 80, strideC = 48;
        ByteBuffer block = ByteBuffer.allocateDirect(strideY * h + 2 * strideC * (h / 2) + 64);
        ByteBuffer y = block.duplicate().position(16);
        ByteBuffer u = block.duplicate().position(16 + strideY * h);
        ByteBuffer v = block.duplicate().position(16 + strideY * h + strideC * (h / 2));
        I420Frame in = new I420Frame(w, h, y, strideY, u, strideC, v, strideC);
        I420Frame out = I420Frame.allocate(w, h);

        try (ShieldProcessor processor = NativeCore.instance().newProcessor(EffectOptions.defaults())) {
            FrameResult result = processor.process(in, out, 0);
            long[] expected = {address(y), address(u), address(v), address(out.y()), address(out.u()), address(out.v())};
            assertArrayEquals(expected, result.planeAddresses());
        }
    }

    @Test
    void outputIsWrittenIntoTheCallersBuffer() {
        int w = 32, h = 16;
        I420Frame in = I420Frame.allocate(w, h);
        for (int i = 0; i < w * h; i++) {
            in.y().put(i, (byte) (i % w));  // a ramp: mirroring reverses it
        }
        I420Frame out = I420Frame.allocate(w, h);
        try (ShieldProcessor processor = NativeCore.instance().newProcessor(EffectOptions.defaults())) {
            processor.process(in, out, 0);
        }
        for (int x = 0; x < w; x++) {
            assertEquals(w - 1 - x, out.y().get(x) & 0xff, "mirrored luma at x=" + x);
        }
    }
}
