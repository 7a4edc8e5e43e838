package io.magicshield.it.server;

import io.magicshield.it.Await;
import io.magicshield.it.PrometheusScrape;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * What the server holds at one moment, from {@code /metrics}: sessions, peers, sockets, threads (the operating
 * system's count, WebRTC's native threads included, and the JVM's), resident memory and the native frame buffers the
 * application references. Leak checks compare a snapshot taken after the work with one taken before it.
 */
public record ServerResources(
        int sessions,
        int slots,
        int peers,
        int effects,
        int connections,
        int osThreads,
        int jvmThreads,
        long residentBytes,
        long heapCommittedBytes,
        long buffersHeld,
        long framesReceived,
        long framesReleased,
        long buffersAllocated,
        long buffersReleased) {

    private static final Duration POLL = Duration.ofMillis(250);
    /** The thread count must hold still this long to count as settled (pools end idle threads after seconds). */
    private static final Duration STEADY = Duration.ofSeconds(3);

    public static ServerResources now() {
        PrometheusScrape metrics = PrometheusScrape.now();
        return new ServerResources(
                (int) metrics.value("magicshield_sessions_active"),
                (int) metrics.value("magicshield_session_slots_in_use"),
                (int) metrics.value("magicshield_peers_open"),
                (int) metrics.value("magicshield_effect_processors_open"),
                (int) metrics.value("magicshield_signaling_connections"),
                (int) metrics.value("process_threads"),
                (int) metrics.value("jvm_threads_current"),
                (long) metrics.value("process_resident_memory_bytes"),
                (long) metrics.value("jvm_heap_committed_bytes"),
                (long) metrics.value("magicshield_native_frame_buffers_held"),
                (long) metrics.value("magicshield_frames_received_total"),
                (long) metrics.value("magicshield_frames_released_total"),
                (long) metrics.value("magicshield_output_buffers_allocated_total"),
                (long) metrics.value("magicshield_output_buffers_released_total"));
    }

    /** No session, slot, peer, effect processor, socket or native frame buffer left. */
    public boolean idle() {
        return sessions == 0 && slots == 0 && peers == 0 && effects == 0 && connections == 0 && buffersHeld == 0;
    }

    public long residentMiB() {
        return residentBytes >> 20;
    }

    /** Resident memory outside the committed Java heap: native memory, WebRTC's and the effect's included. */
    public long nativeMiB() {
        return (residentBytes - heapCommittedBytes) >> 20;
    }

    /**
     * Waits until the server is {@link #idle()} and its thread count held still for a few seconds (threads of the
     * deployment and idle pool threads end on their own); returns that snapshot, the baseline of a leak check.
     */
    public static ServerResources awaitSettled(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        ServerResources now = now();
        long steadySince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Await.pause(POLL);
            ServerResources next = now();
            if (!next.idle() || next.osThreads() != now.osThreads()) {
                steadySince = System.nanoTime();
            } else if (System.nanoTime() - steadySince >= STEADY.toNanos()) {
                return next;
            }
            now = next;
        }
        return now;
    }

    /** Polls until {@code condition} holds or {@code limit} passed; returns the last snapshot. */
    public static ServerResources await(Predicate<ServerResources> condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        ServerResources now = now();
        while (!condition.test(now) && System.nanoTime() < deadline) {
            Await.pause(POLL);
            now = now();
        }
        return now;
    }

    /** One line for the figures. */
    public String describe() {
        return String.format(
                "sessions %d (slots %d), peers %d, effects %d, sockets %d, threads %d (JVM %d), RSS %d MiB "
                        + "(outside the Java heap %d MiB), native frame buffers held %d (camera frames %d received / %d "
                        + "released, output buffers %d allocated / %d released)",
                sessions,
                slots,
                peers,
                effects,
                connections,
                osThreads,
                jvmThreads,
                residentMiB(),
                nativeMiB(),
                buffersHeld,
                framesReceived,
                framesReleased,
                buffersAllocated,
                buffersReleased);
    }
}
