package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input gives a clear Java exception, naming the problem, and never reaches the native side in a form that
 * could crash the JVM. Most cases use small synthetic frames (no test data needed).
 */
class ShieldProcessorTest {
    private static final int W = 64;
    private static final int H = 48;

    private static ShieldProcessor newProcessor() {
        return Sessions.newProcessor(Sessions.REFERENCE);
    }

    /** The exception's message must name the problem: it contains every fragment, ignoring case. */
    private static <T extends Throwable> T assertThrowsNaming(Class<T> type, Executable call, String... fragments) {
        T e = assertThrows(type, call);
        System.out.println("[processor] " + e.getClass().getSimpleName() + ": " + e.getMessage());
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        for (String fragment : fragments) {
            assertTrue(
                    message.contains(fragment.toLowerCase(Locale.ROOT)),
                    "message '" + e.getMessage() + "' does not name '" + fragment + "'");
        }
        return e;
    }

    /** {@code frame} as input, then as output, must each be refused naming every fragment. */
    private static void assertRefused(Class<? extends RuntimeException> type, I420Frame frame, String... fragments) {
        try (ShieldProcessor processor = newProcessor()) {
            assertThrowsNaming(type, () -> processor.process(frame, allocate(frame), 0), fragments);
            assertThrowsNaming(type, () -> processor.process(allocate(frame), frame, 0), fragments);
            // the processor still works afterwards
            assertDoesNotThrow(() -> processor.process(I420Frame.allocate(W, H), I420Frame.allocate(W, H), 1));
        }
    }

    private static I420Frame allocate(I420Frame like) {
        return I420Frame.allocate(like.width(), like.height());
    }

    @Test
    void heapBuffersAreRejected() {
        ByteBuffer y = ByteBuffer.allocate(W * H);
        ByteBuffer u = ByteBuffer.allocate(W * H / 4), v = ByteBuffer.allocate(W * H / 4);
        assertRefused(IllegalArgumentException.class, new I420Frame(W, H, y, W, u, W / 2, v, W / 2), "direct");
    }

    @Test
    void planesSmallerThanStrideTimesHeightAreRejected() {
        ByteBuffer y = ByteBuffer.allocateDirect(W * H - 1);
        ByteBuffer u = ByteBuffer.allocateDirect(W * H / 4), v = ByteBuffer.allocateDirect(W * H / 4);
        assertRefused(
                IllegalArgumentException.class, new I420Frame(W, H, y, W, u, W / 2, v, W / 2), "y plane", "needs");
        // A padded stride needs more than width x height.
        ByteBuffer y2 = ByteBuffer.allocateDirect(W * H);
        assertRefused(
                IllegalArgumentException.class,
                new I420Frame(W, H, y2, W + 16, u, W / 2, v, W / 2),
                "y plane",
                "stride " + (W + 16));
        // A buffer's position counts: the plane starts there.
        ByteBuffer u2 = ByteBuffer.allocateDirect(W * H / 4).position(1);
        assertRefused(IllegalArgumentException.class, new I420Frame(W, H, y2, W, u2, W / 2, v, W / 2), "u plane");
    }

    // The frame's geometry is the core's to judge: its errors arrive as RuntimeExceptions with its message.

    @Test
    void strideSmallerThanWidthIsRejected() {
        ByteBuffer y = ByteBuffer.allocateDirect(W * H), u = ByteBuffer.allocateDirect(W * H / 4);
        ByteBuffer v = ByteBuffer.allocateDirect(W * H / 4);
        assertRefused(RuntimeException.class, new I420Frame(W, H, y, W - 1, u, W / 2, v, W / 2), "stride", "smaller");
        assertRefused(RuntimeException.class, new I420Frame(W, H, y, W, u, W / 2, v, W / 2 - 1), "stride");
        assertRefused(RuntimeException.class, new I420Frame(W, H, y, -W, u, W / 2, v, W / 2), "stride");
    }

    @Test
    void tinyOrHugeFramesAreRejected() {
        assertRefused(RuntimeException.class, I420Frame.allocate(1, 10), "1x10", "2..8192");
        assertRefused(RuntimeException.class, I420Frame.allocate(8, 0), "8x0", "2..8192");
        // Larger than the core handles.
        assertRefused(RuntimeException.class, I420Frame.allocate(8193, 2), "8193x2", "2..8192");
    }

    @Test
    void oddSizesWork() {
        try (ShieldProcessor processor = newProcessor()) {
            for (int[] size : new int[][] {{3, 3}, {2, 7}, {33, 17}}) {
                I420Frame in = I420Frame.allocate(size[0], size[1]);
                I420Frame out = I420Frame.allocate(size[0], size[1]);
                in.y().put(0, (byte) 200);
                assertEquals(FrameOutcome.of(0, 0), processor.process(in, out, 0));
                assertEquals(null, FramePixels.firstDifference(in, out, false), size[0] + "x" + size[1]);
            }
        }
    }

    @Test
    void anOutputLargerThanTheInputOrOfAnotherShapeIsRejected() {
        try (ShieldProcessor processor = newProcessor()) {
            assertThrowsNaming(
                    RuntimeException.class,
                    () -> processor.process(I420Frame.allocate(W, H), I420Frame.allocate(W, H + 2), 0),
                    "output",
                    W + "x" + (H + 2));
            assertThrowsNaming(
                    RuntimeException.class,
                    () -> processor.process(I420Frame.allocate(W, H), I420Frame.allocate(W / 2, H), 0),
                    "output",
                    "shape");
            assertThrowsNaming(
                    RuntimeException.class,
                    () -> processor.process(I420Frame.allocate(W, H), I420Frame.allocate(1, 1), 0),
                    "output",
                    "1x1");
            assertDoesNotThrow(() -> processor.process(I420Frame.allocate(W, H), I420Frame.allocate(W / 2, H / 2), 0));
            assertDoesNotThrow(() -> processor.process(I420Frame.allocate(W, H), I420Frame.allocate(W, H), 0));
        }
    }

    /** A sender short of bandwidth gets a smaller picture of the same frame, written by the pass itself. */
    @Test
    void aSmallerOutputIsTheInputScaledDown() {
        try (ShieldProcessor processor = newProcessor()) {
            I420Frame in = I420Frame.allocate(W, H);
            // left half dark, right half bright: a half-size output keeps the edge in its middle
            for (int row = 0; row < H; row++) {
                for (int x = 0; x < W; x++) {
                    in.y().put(row * W + x, (byte) (x < W / 2 ? 40 : 200));
                }
            }
            I420Frame out = I420Frame.allocate(W / 2, H / 2);
            FrameDetails result = Sessions.frame(processor, in, out, 0);
            assertTrue(result.hands().isEmpty());
            assertEquals(40, out.y().get(3 * (W / 2) + W / 4 - 1) & 0xff);
            assertEquals(200, out.y().get(3 * (W / 2) + W / 4) & 0xff);
        }
    }

    @Test
    void readOnlyOutputIsRejected() {
        I420Frame writable = I420Frame.allocate(W, H);
        I420Frame readOnly =
                new I420Frame(W, H, writable.y().asReadOnlyBuffer(), W, writable.u(), W / 2, writable.v(), W / 2);
        try (ShieldProcessor processor = newProcessor()) {
            assertThrowsNaming(
                    IllegalArgumentException.class,
                    () -> processor.process(I420Frame.allocate(W, H), readOnly, 0),
                    "writable");
        }
    }

    @Test
    void theSameBuffersAsInputAndOutputAreRejected() {
        I420Frame frame = I420Frame.allocate(W, H);
        try (ShieldProcessor processor = newProcessor()) {
            assertThrowsNaming(RuntimeException.class, () -> processor.process(frame, frame, 0), "different buffers");
            // One shared plane is enough to be refused: the output is written while the input is still read.
            I420Frame other = I420Frame.allocate(W, H);
            I420Frame sharesU = new I420Frame(W, H, other.y(), W, frame.u(), W / 2, other.v(), W / 2);
            assertThrowsNaming(RuntimeException.class, () -> processor.process(frame, sharesU, 0), "different buffers");
            // the input's u plane as the output's v plane (a plane of the same size)
            I420Frame crossed = new I420Frame(W, H, other.y(), W, other.u(), W / 2, frame.u(), W / 2);
            assertThrowsNaming(RuntimeException.class, () -> processor.process(frame, crossed, 0), "different buffers");
            // The processor still works afterwards.
            assertDoesNotThrow(() -> processor.process(frame, other, 1));
        }
    }

    /**
     * A plane whose position moved after the frame was checked must be refused, not read or written past its
     * end. In a child JVM: when this goes wrong the JVM dies (SIGSEGV), which would take the test run with it.
     */
    @ParameterizedTest(name = "{0} plane")
    @ValueSource(strings = {"input", "output"})
    void planesMovedAfterTheFrameWasMadeAreRefusedWithoutACrash(String which) throws Exception {
        Path log = Files.createTempFile("stale-planes-", ".log");
        Path crashReport = log.resolveSibling(log.getFileName() + ".hs_err"); // not in the working directory
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ErrorFile=" + crashReport,
                "-cp",
                System.getProperty("java.class.path"),
                StalePlanesMain.class.getName(),
                which);
        try {
            Process child = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
            String output = Files.readString(log);
            String last =
                    output.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
            System.out.println("[processor] " + which + " plane moved after the check: child JVM exit "
                    + child.exitValue() + ", "
                    + (child.exitValue() >= 128
                            ? "CRASHED ("
                                    + output.lines()
                                            .filter(l -> l.contains("SIGSEGV"))
                                            .findFirst()
                                            .orElse("signal") + ")"
                            : last));
            assertTrue(child.exitValue() < 128, "the JVM crashed:\n" + output);
            assertEquals(0, child.exitValue(), output);
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(crashReport);
        }
    }

    @Test
    void aClosedProcessorRefusesWorkAndClosesTwiceQuietly() {
        ShieldProcessor processor = newProcessor();
        processor.close();
        assertThrowsNaming(
                IllegalStateException.class,
                () -> processor.process(I420Frame.allocate(W, H), I420Frame.allocate(W, H), 0),
                "closed");
        assertThrowsNaming(IllegalStateException.class, () -> processor.setOptions(Sessions.REFERENCE), "closed");
        assertThrowsNaming(IllegalStateException.class, processor::details, "closed");
        assertDoesNotThrow(processor::close);
    }

    @Test
    void invalidOptionsAreRejectedWithTheirNameBeforeTheyReachTheCore() {
        EffectOptions ok = Sessions.REFERENCE;
        assertThrowsNaming(IllegalArgumentException.class, () -> ok.with(EffectOption.MAX_HANDS, 0), "maxHands");
        assertThrowsNaming(IllegalArgumentException.class, () -> ok.with(EffectOption.MAX_HANDS, 9), "maxHands");
        assertThrowsNaming(
                IllegalArgumentException.class, () -> ok.with(EffectOption.MODEL, "medium"), "model", "medium");
        assertThrowsNaming(
                IllegalArgumentException.class, () -> ok.with(EffectOption.OPEN_THRESHOLD, -1.0), "openThreshold");
        assertThrowsNaming(IllegalArgumentException.class, () -> ok.with(EffectOption.FADE_MS, Double.NaN), "fadeMs");
        assertThrowsNaming(IllegalArgumentException.class, () -> ok.with(EffectOption.MIRROR, "yes"), "mirror");
        // Every option at either end of its range is one the core takes.
        for (EffectOption option : EffectOption.values()) {
            for (Object edge : edges(option)) {
                try (ShieldProcessor processor = Sessions.newProcessor(ok.with(option, edge))) {
                    assertDoesNotThrow(
                            () -> processor.process(I420Frame.allocate(W, H), I420Frame.allocate(W, H), 0),
                            option.jsonName() + " = " + edge);
                }
            }
        }
    }

    private static List<Object> edges(EffectOption option) {
        return switch (option.kind()) {
            case BOOLEAN -> List.of(true, false);
            case INTEGER -> List.of((int) option.min(), (int) option.max());
            case NUMBER -> List.of(option.min(), option.max());
            case CHOICE -> List.copyOf(option.choices());
        };
    }

    @Test
    void changingTheModelKeepsProcessing() {
        I420Frame in = TestData.readI420(TestData.handsDir().resolve("open_palm_04.jpg"));
        I420Frame out = I420Frame.allocate(in.width(), in.height());
        try (ShieldProcessor processor = newProcessor()) {
            long t = 0;
            for (String model : new String[] {"full", "lite", "full"}) {
                processor.setOptions(Sessions.REFERENCE.with(EffectOption.MODEL, model));
                for (int i = 0; i < 3; i++, t += 33_333) {
                    FrameDetails result = Sessions.frame(processor, in, out, t);
                    assertEquals(1, result.hands().size(), model + " model, frame " + i);
                }
                System.out.println("[processor] model " + model + ": the hand is found after the switch");
            }
        }
    }

    @Test
    void closingWhileAnotherThreadProcessesNeverCrashes() throws Exception {
        I420Frame in = TestData.readI420(TestData.handsDir().resolve("open_palm_05.jpg"));
        I420Frame out = I420Frame.allocate(in.width(), in.height());
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 5; round++) {
                ShieldProcessor processor = newProcessor();
                CountDownLatch started = new CountDownLatch(1);
                AtomicInteger frames = new AtomicInteger();
                Future<Throwable> loop = worker.submit(() -> {
                    try {
                        for (long t = 0; ; t += 33_333) {
                            processor.process(in, out, t);
                            frames.incrementAndGet();
                            started.countDown();
                        }
                    } catch (Throwable e) {
                        started.countDown();
                        return e;
                    }
                });
                assertTrue(started.await(30, TimeUnit.SECONDS), "the processing thread did not start");
                Thread.sleep(5L * round); // close at different points of a frame
                processor.close();
                Throwable ended = loop.get(30, TimeUnit.SECONDS);
                System.out.println(
                        "[processor] close() after " + frames.get() + " frames: the other thread got " + ended);
                assertTrue(ended instanceof IllegalStateException, "expected IllegalStateException, got " + ended);
            }
        } finally {
            worker.shutdownNow();
        }
    }
}
