package io.magicshield.core;

import dev.onvoid.webrtc.internal.NativeLoader;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the Java -> native boundary for one tracked frame (clip01's open palm at 640x480, the full model),
 * on webrtc-java's own {@code NativeI420Buffer}s, as the server calls it:
 * <ul>
 *   <li>{@code zeroCopy}: the buffers' direct ByteBuffers go to C++ by address (production);</li>
 *   <li>{@code copying}: what a binding that copies would cost: planes out to Java arrays and into other native
 *   memory before the call, and the result back after.</li>
 * </ul>
 * Besides JMH's score, each trial prints the Java-measured call time against the native pass's own time: the
 * difference is the boundary (JNI, argument checks, the outcome). JMH's score includes reading the details after
 * each call, for that printout; what process() itself allocates is ProcessAllocationTest's figure.
 * Run: {@code mvn -pl native -am verify -Pjmh -DskipTests}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameCallBenchmark {

    @Param({"zeroCopy", "copying"})
    public String path;

    private NativeI420Buffer in;
    private NativeI420Buffer out;
    private ShieldProcessor processor;
    private I420Frame inFrame;
    private I420Frame outFrame;
    private I420Frame stagingIn;
    private I420Frame stagingOut;
    private byte[] heapY;
    private byte[] heapU;
    private byte[] heapV;
    private long frame;
    private long javaNanos;
    private double nativeMillis;
    private long calls;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        NativeLoader.loadLibrary("webrtc-java");
        I420Frame picture = ClipPicture.openPalm640x480();
        in = NativeI420Buffer.allocate(picture.width(), picture.height());
        out = NativeI420Buffer.allocate(picture.width(), picture.height());
        copy(picture, frameOf(in));
        inFrame = frameOf(in);
        outFrame = frameOf(out);
        stagingIn = I420Frame.allocate(picture.width(), picture.height());
        stagingOut = I420Frame.allocate(picture.width(), picture.height());
        heapY = new byte[picture.y().capacity()];
        heapU = new byte[picture.u().capacity()];
        heapV = new byte[picture.v().capacity()];
        processor = NativeCore.instance().newProcessor(EffectOptions.defaults());
        // Let tracking lock on, so every measured frame is a tracked one (no palm detection).
        for (int i = 0; i < 30; i++) {
            processor.process(inFrame, outFrame, timestamp());
        }
    }

    @Benchmark
    public FrameOutcome call() {
        long start = System.nanoTime();
        FrameOutcome outcome = "zeroCopy".equals(path) ? processor.process(inFrame, outFrame, timestamp()) : copying();
        javaNanos += System.nanoTime() - start;
        // The native pass's own time, read outside the timed call: details() builds objects production never asks for.
        nativeMillis += processor.details().timings().totalMs();
        calls++;
        return outcome;
    }

    private FrameOutcome copying() {
        toHeapAndBack(inFrame, stagingIn);
        FrameOutcome outcome = processor.process(stagingIn, stagingOut, timestamp());
        toHeapAndBack(stagingOut, outFrame);
        return outcome;
    }

    private void toHeapAndBack(I420Frame from, I420Frame to) {
        from.y().duplicate().get(heapY);
        from.u().duplicate().get(heapU);
        from.v().duplicate().get(heapV);
        to.y().duplicate().put(heapY);
        to.u().duplicate().put(heapU);
        to.v().duplicate().put(heapV);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        double javaMs = javaNanos / 1e6 / calls;
        double nativeMs = nativeMillis / calls;
        System.out.printf(
                "%n[frame call] %s: call %.3f ms, native pass %.3f ms, boundary %.1f us = %.2f%% of the"
                        + " frame (%d calls)%n",
                path, javaMs, nativeMs, (javaMs - nativeMs) * 1000, 100 * (javaMs - nativeMs) / nativeMs, calls);
        processor.close();
        in.release();
        out.release();
    }

    private long timestamp() {
        return frame++ * 33_333;
    }

    private static I420Frame frameOf(NativeI420Buffer b) {
        return new I420Frame(
                b.getWidth(),
                b.getHeight(),
                b.getDataY(),
                b.getStrideY(),
                b.getDataU(),
                b.getStrideU(),
                b.getDataV(),
                b.getStrideV());
    }

    private static void copy(I420Frame from, I420Frame to) {
        copyPlane(from.y(), from.strideY(), to.y(), to.strideY(), from.width(), from.height());
        int cw = (from.width() + 1) / 2;
        int ch = (from.height() + 1) / 2;
        copyPlane(from.u(), from.strideU(), to.u(), to.strideU(), cw, ch);
        copyPlane(from.v(), from.strideV(), to.v(), to.strideV(), cw, ch);
    }

    private static void copyPlane(ByteBuffer from, int fromStride, ByteBuffer to, int toStride, int width, int rows) {
        for (int r = 0; r < rows; r++) {
            to.put(r * toStride, from, r * fromStride, width);
        }
    }

    /** clip01's frame 15 (an open palm), 640x480 as the server receives it. */
    static final class ClipPicture {
        private ClipPicture() {}

        static I420Frame openPalm640x480() throws Exception {
            Path frame = TestData.handsDir().resolve("clip01").resolve("clip01_0015.jpg");
            return TestData.readI420Resized(frame, 640, 480);
        }
    }
}
