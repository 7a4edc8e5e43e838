package io.magicshield.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Before some work, the server's settled resources and the mark in its log; after it, the proof that the work left
 * nothing behind: no session, slot, peer, effect, socket or native frame buffer, every camera frame and output buffer
 * released, the process's threads back within a small slack of the baseline (the container's own pools counted
 * apart; the names of any extra threads are reported), and no warning or error from the application in the log.
 */
public final class LeakCheck {

    private static final Duration SETTLE = Duration.ofSeconds(30);
    /**
     * WildFly's own pools, which grow with the work it is given and end idle threads only after a while, so they are
     * counted apart, each against its bound (names as the kernel keeps them, digits folded): Undertow's workers
     * (WebSocket messages run on them; up to 16 per core, idle ones end after a minute) and the server's service
     * pool (deploy and undeploy run on it; WildFly Core 30 lets it grow to 1024 and ends idle ones after 20 s, so a
     * run of deployments can leave 17 for a moment, as CI saw: the bound is what stays once idle ones have ended).
     */
    private static final Map<String, Integer> CONTAINER_POOLS =
            Map.of("default task-N", 16 * Runtime.getRuntime().availableProcessors(), "ServerService T", 16);
    /**
     * WildFly's start-up threads end about 20 s after it started (the process has some 60 threads more until then):
     * a baseline taken earlier would hide a leak of that size.
     */
    private static final Duration START_UP_THREADS_GONE = Duration.ofSeconds(30);
    /** The longest keep-alive of the pools above (Undertow's minute), and a margin for the pool to notice. */
    private static final Duration IDLE_POOL_THREADS_GONE = Duration.ofSeconds(70);

    private final String tag;
    private final ServerProcess process = ServerProcess.find();
    private final ServerLog log = ServerLog.mark();
    private final ServerResources baseline;
    private final Map<String, Integer> baselineThreads;

    private LeakCheck(String tag) {
        this.tag = tag;
        Duration wait = START_UP_THREADS_GONE.minus(process.uptime());
        if (!wait.isNegative()) {
            System.out.println(
                    "[" + tag + "] the server started " + process.uptime().toSeconds() + " s ago: waiting "
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
        awaitPoolsWithinBounds();
        // then until idle threads (the teardown pool's, after 5 s) have ended and the count holds still; the count and
        // the names are taken together, so that the pools' share is subtracted from the same snapshot
        ServerResources end = ServerResources.awaitSettled(SETTLE);
        Map<String, Integer> endThreads = process.threadNames();
        Map<String, Integer> extraThreads = ServerProcess.grown(baselineThreads, endThreads);
        int poolsBefore = inContainerPools(baselineThreads);
        int poolsAfter = inContainerPools(endThreads);
        int growth = (end.osThreads() - poolsAfter) - (baseline.osThreads() - poolsBefore);
        System.out.println("[" + tag + "] server after:  " + end.describe());
        System.out.printf(
                "[%s] threads %d -> %d (JVM %d -> %d; container pools %d -> %d, the others %+d); more "
                        + "than before, by name: %s%n",
                tag,
                baseline.osThreads(),
                end.osThreads(),
                baseline.jvmThreads(),
                end.jvmThreads(),
                poolsBefore,
                poolsAfter,
                growth,
                extraThreads);
        assertTrue(
                end.idle(),
                "sessions, slots, peers, effects, sockets and native frame buffers all gone: " + end.describe());
        assertEquals(end.framesReceived(), end.framesReleased(), "every camera frame released");
        assertEquals(end.buffersAllocated(), end.buffersReleased(), "every output buffer released");
        assertTrue(
                growth <= threadSlack,
                "threads besides the container's pools back to the baseline (+" + threadSlack + "): " + growth
                        + " more; by name: " + extraThreads);
        CONTAINER_POOLS.forEach((pool, bound) -> assertTrue(
                endThreads.getOrDefault(pool, 0) <= bound,
                pool + " within its pool's bound of " + bound + ": " + endThreads.getOrDefault(pool, 0)));
        assertEquals(List.of(), log.problems(expectedLog), "warnings or errors from the application in server.log");
        return end;
    }

    /**
     * Waits until each container pool is within its bound, or for the pools' keep-alive: idle threads over the bound
     * end by then, threads held by work do not (and the assertion names them).
     */
    private void awaitPoolsWithinBounds() {
        long deadline = System.nanoTime() + IDLE_POOL_THREADS_GONE.toNanos();
        Map<String, Integer> threads = process.threadNames();
        while (!poolsWithinBounds(threads) && System.nanoTime() < deadline) {
            System.out.println("[" + tag + "] container pools over their bounds, waiting for idle ones to end: "
                    + containerPools(threads));
            Await.pause(Duration.ofSeconds(5));
            threads = process.threadNames();
        }
    }

    private static boolean poolsWithinBounds(Map<String, Integer> threads) {
        return CONTAINER_POOLS.entrySet().stream()
                .allMatch(pool -> threads.getOrDefault(pool.getKey(), 0) <= pool.getValue());
    }

    private static Map<String, Integer> containerPools(Map<String, Integer> threads) {
        return CONTAINER_POOLS.keySet().stream()
                .collect(Collectors.toMap(pool -> pool, pool -> threads.getOrDefault(pool, 0)));
    }

    private static int inContainerPools(Map<String, Integer> threads) {
        return CONTAINER_POOLS.keySet().stream()
                .mapToInt(pool -> threads.getOrDefault(pool, 0))
                .sum();
    }
}
