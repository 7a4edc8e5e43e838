package io.magicshield.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Before some work, the server's settled resources and the mark in its log; after it, the proof that the work left
 * nothing behind: no session, slot, peer, effect, socket or native frame buffer, every camera frame and output buffer
 * released, the process's threads back within a small slack of the baseline (the container's worker pool counted
 * apart; the names of any extra threads are reported), and no warning or error from the application in the log.
 */
public final class LeakCheck {

    private static final Duration SETTLE = Duration.ofSeconds(30);
    /**
     * Undertow's worker pool (WebSocket messages run on it): it grows with concurrent connections up to 16 threads
     * per core and ends idle ones only after a minute, so it is counted apart, against that bound.
     */
    private static final String CONTAINER_WORKERS = "default task-N";
    private static final int CONTAINER_WORKERS_MAX = 16 * Runtime.getRuntime().availableProcessors();
    /**
     * WildFly's start-up threads end about 20 s after it started (the process has some 60 threads more until then):
     * a baseline taken earlier would hide a leak of that size.
     */
    private static final Duration START_UP_THREADS_GONE = Duration.ofSeconds(30);

    private final String tag;
    private final ServerProcess process = ServerProcess.find();
    private final ServerLog log = ServerLog.mark();
    private final ServerResources baseline;
    private final Map<String, Integer> baselineThreads;

    private LeakCheck(String tag) {
        this.tag = tag;
        Duration wait = START_UP_THREADS_GONE.minus(process.uptime());
        if (!wait.isNegative()) {
            System.out.println("[" + tag + "] the server started " + process.uptime().toSeconds() + " s ago: waiting "
                    + wait.toSeconds() + " s for its start-up threads to end");
            Await.pause(wait);
        }
        this.baseline = ServerResources.awaitSettled(SETTLE);
        this.baselineThreads = process.threadNames();
        System.out.println("[" + tag + "] server before: " + baseline.describe());
    }

    /** Waits for the server to settle, then takes the baseline. */
    public static LeakCheck begin(String tag) {
        return new LeakCheck(tag);
    }

    public ServerResources baseline() {
        return baseline;
    }

    public ServerLog log() {
        return log;
    }

    /**
     * Waits until the server is idle with its threads back, then asserts that nothing is left over.
     *
     * @param threadSlack threads the process may hold above the baseline (idle pool threads, never one per session)
     * @param expectedLog log entries the work causes on purpose (text they contain)
     * @return the final snapshot, for figures
     */
    public ServerResources assertNothingLeft(int threadSlack, String... expectedLog) {
        ServerResources.await(ServerResources::idle, SETTLE);
        // then until idle threads (the teardown pool's, after 5 s) have ended and the count holds still
        ServerResources end = ServerResources.awaitSettled(SETTLE);
        Map<String, Integer> endThreads = process.threadNames();
        Map<String, Integer> extraThreads = ServerProcess.grown(baselineThreads, endThreads);
        int workersBefore = baselineThreads.getOrDefault(CONTAINER_WORKERS, 0);
        int workersAfter = endThreads.getOrDefault(CONTAINER_WORKERS, 0);
        int growth = (end.osThreads() - workersAfter) - (baseline.osThreads() - workersBefore);
        System.out.println("[" + tag + "] server after:  " + end.describe());
        System.out.printf("[%s] threads %d -> %d (JVM %d -> %d; container workers %d -> %d, the others %+d); more "
                        + "than before, by name: %s%n", tag, baseline.osThreads(), end.osThreads(), baseline.jvmThreads(),
                end.jvmThreads(), workersBefore, workersAfter, growth, extraThreads);
        assertTrue(end.idle(), "sessions, slots, peers, effects, sockets and native frame buffers all gone: "
                + end.describe());
        assertEquals(end.framesReceived(), end.framesReleased(), "every camera frame released");
        assertEquals(end.buffersAllocated(), end.buffersReleased(), "every output buffer released");
        assertTrue(growth <= threadSlack, "threads besides the container's workers back to the baseline (+"
                + threadSlack + "): " + growth + " more; by name: " + extraThreads);
        assertTrue(workersAfter <= CONTAINER_WORKERS_MAX, "container workers within their pool's bound: "
                + workersAfter);
        assertEquals(List.of(), log.problems(expectedLog), "warnings or errors from the application in server.log");
        return end;
    }
}
