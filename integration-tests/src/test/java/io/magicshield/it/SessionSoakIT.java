package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.rtc.FrameRateMeter;
import io.magicshield.it.rtc.FrameSender.Shot;
import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.server.LeakCheck;
import io.magicshield.it.server.ServerResources;
import io.magicshield.it.video.TestPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Connect, stream, disconnect, a hundred times (three clients at a time, each streaming 640x480 at 30 fps for
 * 1.5 s): every cycle gets processed video back, and afterwards the server holds what it held after the warm-up:
 * its threads (the operating system's count, so WebRTC's native threads too), no native frame buffer, and resident
 * memory that stopped growing. The memory curve is sampled with the server idle after every ten cycles.
 */
class SessionSoakIT extends ServerTest {

    private static final int CYCLES = Integer.getInteger("magicshield.soak.cycles", 100);
    private static final int CLIENTS = 3;
    private static final int BATCH = 10;
    /** The first batch warms up (first use of code paths, malloc arenas, thread pools): the baseline is after it. */
    private static final int WARM_UP_BATCHES = 1;

    private static final Duration STREAM = Duration.ofMillis(1500);
    private static final int FPS = 30;
    /** At least a third of the frames sent in a cycle must come back (the first ones need the connection first). */
    private static final long MIN_FRAMES_PER_CYCLE = STREAM.toMillis() * FPS / 1000 / 3;
    /** Threads the server may hold above its warmed-up idle count: pools' idle threads, never one per session. */
    private static final int THREAD_SLACK = 4;
    /**
     * Resident memory may grow this much over the cycles after the warm-up (means of three samples at each end).
     * Measured: it climbs some 50 MiB over the first ~150 sessions and then holds (300 cycles: flat within +-8 MiB
     * from cycle 150 on), which is glibc's heaps reaching their high-water mark, not a leak: the JVM's own native
     * memory grows 6 MiB (Native Memory Tracking) and every counted resource returns to zero. What it catches is a
     * per-session leak of the big things (a peer connection or an effect with its models: megabytes each).
     */
    private static final long MAX_RSS_GROWTH_MIB = 64;

    private static final Duration IDLE_LIMIT = Duration.ofSeconds(30);

    /**
     * A stopped session keeps its slot until its peer is torn down (a fraction of a second later), and each client
     * starts its next session at once: twice the clients' slots, so that no start is refused for capacity.
     */
    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of("magicshield.sessions.max", Integer.toString(2 * CLIENTS)));
    }

    @Test
    void hundredSessionsComeAndGoWithoutLeavingAnythingBehind() throws Exception {
        List<Shot> shots = TestPattern.shots(640, 480, FPS);
        ServerResources start = ServerResources.now();
        System.out.println("[soak] before: " + start.describe());

        List<CycleResult> results = new ArrayList<>();
        List<ServerResources> curve = new ArrayList<>();
        LeakCheck leaks = null;
        long startNanos = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int batch = 0; batch * BATCH < CYCLES; batch++) {
                List<Future<CycleResult>> cycles = new ArrayList<>();
                for (int i = 0; i < BATCH && batch * BATCH + i < CYCLES; i++) {
                    int number = batch * BATCH + i + 1;
                    cycles.add(clients.submit(() -> cycle(number, shots)));
                }
                for (Future<CycleResult> cycle : cycles) {
                    results.add(cycle.get());
                }
                ServerResources idle = ServerResources.await(ServerResources::idle, IDLE_LIMIT);
                curve.add(idle);
                System.out.printf(
                        "[soak] after %3d cycles (%.0f s): %s%n",
                        results.size(), (System.nanoTime() - startNanos) / 1e9, idle.describe());
                if (batch + 1 == WARM_UP_BATCHES) {
                    leaks = LeakCheck.begin("soak");
                }
            }
        } finally {
            clients.shutdownNow();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;

        List<Double> fps = results.stream().map(CycleResult::fps).toList();
        List<Long> connectMs = results.stream().map(CycleResult::connectMs).toList();
        System.out.printf(
                "[soak] %d cycles in %.0f s, %d clients at a time; per cycle: connected after median %.0f ms"
                        + " (p90 %.0f), processed frames back median %.1f fps (min %.1f)%n",
                results.size(),
                seconds,
                CLIENTS,
                Figures.median(connectMs),
                Figures.percentile(connectMs, 0.9),
                Figures.median(fps),
                fps.stream().mapToDouble(Double::doubleValue).min().orElse(0));
        System.out.println("[soak] RSS curve, MiB, idle after every " + BATCH + " cycles: "
                + curve.stream().map(ServerResources::residentMiB).toList() + "; of it outside the Java heap: "
                + curve.stream().map(ServerResources::nativeMiB).toList());
        System.out.println("[soak] threads curve, idle after every " + BATCH + " cycles: "
                + curve.stream().map(ServerResources::osThreads).toList());
        List<ServerResources> afterWarmUp = curve.subList(WARM_UP_BATCHES, curve.size());
        int ends = Math.max(1, Math.min(3, afterWarmUp.size() / 2));
        long growth = meanResidentMiB(afterWarmUp.subList(afterWarmUp.size() - ends, afterWarmUp.size()))
                - meanResidentMiB(afterWarmUp.subList(0, ends));
        System.out.printf(
                "[soak] RSS growth after the warm-up (mean of the last %d samples minus the first %d): %d " + "MiB%n",
                ends, ends, growth);

        ServerResources end = leaks.assertNothingLeft(THREAD_SLACK);
        long received = end.framesReceived() - start.framesReceived();
        long allocated = end.buffersAllocated() - start.buffersAllocated();
        System.out.printf(
                "[soak] native frame buffers during the soak: %d camera frames received, %d released; "
                        + "%d output buffers allocated, %d released; held now %d%n",
                received,
                end.framesReleased() - start.framesReleased(),
                allocated,
                end.buffersReleased() - start.buffersReleased(),
                end.buffersHeld());

        assertEquals(CYCLES, results.size());
        results.forEach(r -> assertTrue(
                r.frames() >= MIN_FRAMES_PER_CYCLE,
                "cycle " + r.number() + " got only " + r.frames() + " frames back"));
        assertTrue(received > 0 && allocated > 0, "frames flowed");
        assertTrue(growth <= MAX_RSS_GROWTH_MIB, "resident memory flat after the warm-up: it grew " + growth + " MiB");
    }

    private static long meanResidentMiB(List<ServerResources> samples) {
        return Math.round(samples.stream()
                .mapToLong(ServerResources::residentMiB)
                .average()
                .orElse(0));
    }

    private record CycleResult(int number, long connectMs, long frames, double fps) {}

    /** One page: connect, stream for {@link #STREAM}, stop. */
    private static CycleResult cycle(int number, List<Shot> shots) throws InterruptedException {
        long start = System.nanoTime();
        try (StreamingClient client = StreamingClient.start(ServerTest.SIGNALING, shots, FPS)) {
            long connectMs = (System.nanoTime() - start) / 1_000_000;
            FrameRateMeter.Reading connected = client.received().read();
            Thread.sleep(STREAM.toMillis());
            double fps = client.received().fpsSince(connected);
            long frames = client.received().frames();
            client.stop();
            return new CycleResult(number, connectMs, frames, fps);
        }
    }
}
