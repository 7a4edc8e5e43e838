package io.magicshield.it;

import static io.magicshield.it.signaling.ClientMessages.start;
import static io.magicshield.it.signaling.ClientMessages.stop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.server.LeakCheck;
import io.magicshield.it.signaling.SignalingClient;
import io.magicshield.it.signaling.SignalingClient.Closed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The CPU gate with its threshold at 50%: while this test keeps every core busy, the server's smoothed CPU load
 * climbs over it and a start is refused with CPU_BUSY; once the load is gone and the reading has come down, starts
 * are admitted again. The load is real (spinning threads), so the gate is tested with the server's own reading.
 */
class CpuGateIT extends ServerTest {

    private static final int THRESHOLD_PERCENT = 50;
    private static final Duration LIMIT = Duration.ofSeconds(45);

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of("magicshield.sessions.cpu-threshold-percent", Integer.toString(THRESHOLD_PERCENT)));
    }

    @Test
    void startsAreRefusedWhileTheCpuIsBusyAndAdmittedWhenItCalmsDown() throws Exception {
        LeakCheck leaks = LeakCheck.begin("cpu");
        List<String> loadTimeline = new ArrayList<>();
        long startNanos = System.nanoTime();
        String refusal;
        long refusedAfterMs;
        try (CpuBurner burner = new CpuBurner()) {
            awaitLoad(load -> load > THRESHOLD_PERCENT / 100.0 + 0.05, loadTimeline, startNanos);
            try (SignalingClient client = SignalingClient.connect(SIGNALING)) {
                client.send(start());
                refusal = client.expectError("CPU_BUSY");
                Closed closed = client.awaitClose();
                refusedAfterMs = (System.nanoTime() - startNanos) / 1_000_000;
                System.out.println("[cpu] start under load: CPU_BUSY \"" + refusal + "\", closed " + closed);
                assertEquals(1013, closed.code());
                assertTrue(closed.reason().startsWith("CPU_BUSY: the server is busy: CPU at "), closed.reason());
            }
        }
        long calmFrom = System.nanoTime();
        awaitLoad(load -> load < THRESHOLD_PERCENT / 100.0 - 0.05, loadTimeline, startNanos);
        try (SignalingClient client = SignalingClient.connect(SIGNALING)) {
            client.send(start());
            client.await("ready");
            System.out.printf(
                    "[cpu] admitted again %.1f s after the load stopped%n", (System.nanoTime() - calmFrom) / 1e9);
            client.send(stop());
            client.await("ended");
        }
        System.out.println("[cpu] smoothed CPU load seen in /metrics (s: load): " + loadTimeline);
        System.out.printf("[cpu] refused %.1f s after the load began%n", refusedAfterMs / 1000.0);
        assertTrue(refusal.contains("(limit " + THRESHOLD_PERCENT + "%)"), refusal);
        leaks.assertNothingLeft(4);
    }

    /** Polls the server's CPU reading (smoothed over ~10 s) until {@code reached}; fails after {@link #LIMIT}. */
    private static void awaitLoad(java.util.function.DoublePredicate reached, List<String> timeline, long since)
            throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (true) {
            double load = PrometheusScrape.now().value("magicshield_system_cpu_load");
            timeline.add(String.format("%.0f: %.2f", (System.nanoTime() - since) / 1e9, load));
            if (reached.test(load)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the CPU reading did not get there within " + LIMIT + ": " + timeline);
            }
            Thread.sleep(1000);
        }
    }

    /** Keeps every core busy until closed. */
    private static final class CpuBurner implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        CpuBurner() {
            for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
                Thread thread = new Thread(this::spin, "cpu-burner-" + i);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
        }

        private void spin() {
            long x = 0;
            while (running.get()) {
                x += x * 31 + 7; // work the JIT cannot remove: x is read below
            }
            if (x == 42) {
                System.out.print("");
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }
}
