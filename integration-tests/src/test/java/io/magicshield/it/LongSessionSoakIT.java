package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.rtc.FrameRateMeter;
import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.server.LeakCheck;
import io.magicshield.it.server.ServerResources;
import io.magicshield.it.video.TestPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One session streaming 640x480 at 30 fps for ten minutes (-Dmagicshield.soak.minutes=N for another length): the
 * processed video holds its frame rate in every half minute, the server's resident memory stays flat after the first
 * two minutes, the native frame buffers in use stay a handful, and afterwards nothing is left. Not part of the
 * default run: {@code mvn -pl integration-tests verify -Psoak}.
 */
@Tag("soak")
class LongSessionSoakIT extends ServerUnderTest {

    private static final int MINUTES = Integer.getInteger("magicshield.soak.minutes", 10);
    private static final int FPS = 30;
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final Duration WARM_UP = Duration.ofMinutes(2);
    /** Every window's frame rate as a share of the median window's. */
    private static final double MIN_SHARE_OF_MEDIAN_FPS = 0.9;

    private static final long MAX_RSS_GROWTH_MIB = 32;
    /** Camera frames in the worker's slot and being processed, plus the output pool (8 by default). */
    private static final long MAX_BUFFERS_HELD = 12;

    private record Window(double minute, double fps, ServerResources server) {}

    @Test
    void aTenMinuteSessionHoldsItsFrameRateWithFlatMemory() throws Exception {
        LeakCheck leaks = LeakCheck.begin("long");
        List<Window> windows = new ArrayList<>();
        long start = System.nanoTime();
        try (StreamingClient client = StreamingClient.start(SIGNALING, TestPattern.shots(640, 480, FPS), FPS)) {
            long end = start + Duration.ofMinutes(MINUTES).toNanos();
            while (System.nanoTime() < end) {
                FrameRateMeter.Reading from = client.received().read();
                Thread.sleep(WINDOW.toMillis());
                Window window = new Window(
                        (System.nanoTime() - start) / 60e9, client.received().fpsSince(from), ServerResources.now());
                windows.add(window);
                System.out.printf(
                        "[long] %4.1f min: %.1f fps back; %s%n",
                        window.minute(), window.fps(), window.server().describe());
            }
            client.stop();
        }
        List<Double> fps = windows.stream().map(Window::fps).toList();
        double median = Figures.median(fps);
        List<Window> afterWarmUp = windows.stream()
                .filter(w -> w.minute() >= WARM_UP.toSeconds() / 60.0)
                .toList();
        long growth = afterWarmUp.get(afterWarmUp.size() - 1).server().residentMiB()
                - afterWarmUp.get(0).server().residentMiB();
        System.out.printf(
                "[long] %d min: fps per half minute %s (median %.1f, min %.1f)%n",
                MINUTES,
                fps.stream().map(f -> String.format("%.1f", f)).toList(),
                median,
                fps.stream().mapToDouble(Double::doubleValue).min().orElse(0));
        System.out.println("[long] RSS MiB per half minute: "
                + windows.stream().map(w -> w.server().residentMiB()).toList() + "; outside the Java heap: "
                + windows.stream().map(w -> w.server().nativeMiB()).toList());
        System.out.println("[long] native frame buffers held per half minute: "
                + windows.stream().map(w -> w.server().buffersHeld()).toList());
        System.out.printf("[long] RSS growth after minute %d: %d MiB%n", WARM_UP.toMinutes(), growth);
        leaks.assertNothingLeft(4);

        windows.forEach(w -> assertTrue(
                w.fps() >= MIN_SHARE_OF_MEDIAN_FPS * median,
                String.format("%.1f fps at minute %.1f; the median is %.1f", w.fps(), w.minute(), median)));
        windows.forEach(w -> assertTrue(
                w.server().buffersHeld() <= MAX_BUFFERS_HELD,
                "frame buffers held at minute " + w.minute() + ": " + w.server().buffersHeld()));
        assertTrue(growth <= MAX_RSS_GROWTH_MIB, "resident memory flat after the warm-up: it grew " + growth + " MiB");
    }
}
