package io.magicshield.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The server's counters, written in Prometheus text format by {@link MetricsServlet}; with the process's memory and
 * threads and the native frame buffers held, so that leaks can be watched from outside (docs/reliability.md).
 * The lowest layer of the application: it knows only numbers and label strings, and its callers translate their
 * own types (reasons, frame outcomes) into them.
 */
@ApplicationScoped
public class ServerMetrics {

    @Inject
    CpuMonitor cpu;

    /** Room audio chunks dropped: not binary, shorter than the header or over the size cap. */
    public static final String AUDIO_MALFORMED = "malformed";
    /** Room audio chunks not forwarded to a receiver that had too much waiting. */
    public static final String AUDIO_QUEUE_FULL = "queue_full";
    /** Room audio chunks WebRTC refused to send (a channel closing). */
    public static final String AUDIO_SEND_FAILED = "send_failed";

    private final LongAdder sessionsStarted = new LongAdder();
    private final LongAdder audioChunksReceived = new LongAdder();
    private final Map<String, LongAdder> audioChunksDropped =
            adders(List.of(AUDIO_MALFORMED, AUDIO_QUEUE_FULL, AUDIO_SEND_FAILED));
    private volatile Map<String, LongAdder> sessionsRefused = Map.of();
    private volatile Map<String, LongAdder> sessionsEnded = Map.of();
    private final LongAdder framesReceived = new LongAdder();
    private final LongAdder framesDropped = new LongAdder();
    private final LongAdder framesProcessed = new LongAdder();
    private final LongAdder framesWithShield = new LongAdder();
    private final LongAdder framesReleased = new LongAdder();
    private final LongAdder outputBuffersAllocated = new LongAdder();
    private final LongAdder outputBuffersReleased = new LongAdder();
    private final AtomicInteger signalingConnections = new AtomicInteger();
    private final AtomicInteger openEffects = new AtomicInteger();
    private final ProcessStatus process = new ProcessStatus();
    /** Seconds; a 30 fps frame time is 0.033. */
    private final Histogram processingSeconds =
            new Histogram(0.001, 0.0025, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25);

    private volatile IntSupplier activeSessions = () -> 0;
    private volatile IntSupplier slotsInUse = () -> 0;
    private volatile IntSupplier openPeers = () -> 0;
    private volatile IntSupplier loadLevel = () -> 0;
    private volatile IntSupplier openRooms = () -> 0;
    private volatile IntSupplier roomMembers = () -> 0;

    /**
     * @param active sessions in progress
     * @param slots  session slots held: sessions in progress and ended ones still being torn down
     * @param peers  WebRTC peers created and not yet torn down
     */
    public void sessionGauges(IntSupplier active, IntSupplier slots, IntSupplier peers) {
        activeSessions = active;
        slotsInUse = slots;
        openPeers = peers;
    }

    /**
     * The reasons the session counters count by, each one's series shown from the start (at 0).
     *
     * @param refusals labels of {@link #sessionRefused}, in the order they are written
     * @param ends     labels of {@link #sessionEnded}, in the order they are written
     */
    public void sessionReasons(List<String> refusals, List<String> ends) {
        sessionsRefused = adders(refusals);
        sessionsEnded = adders(ends);
    }

    /**
     * @param rooms   rooms open
     * @param members sessions in rooms (participants and viewers)
     */
    public void roomGauges(IntSupplier rooms, IntSupplier members) {
        openRooms = rooms;
        roomMembers = members;
    }

    /** @param level the load governor's level: 0 for the full effect, higher for more degraded */
    public void loadLevelGauge(IntSupplier level) {
        loadLevel = level;
    }

    /** The count of sessions' effects (native core processors) not yet closed, kept by each effect itself. */
    public AtomicInteger openEffects() {
        return openEffects;
    }

    public void signalingOpened() {
        signalingConnections.incrementAndGet();
    }

    public void signalingClosed() {
        signalingConnections.decrementAndGet();
    }

    public void sessionStarted() {
        sessionsStarted.increment();
    }

    /** @param reason one of the refusal labels given to {@link #sessionReasons} */
    public void sessionRefused(String reason) {
        adder(sessionsRefused, reason).increment();
    }

    /** @param reason one of the end labels given to {@link #sessionReasons} */
    public void sessionEnded(String reason) {
        adder(sessionsEnded, reason).increment();
    }

    public void frameReceived() {
        framesReceived.increment();
    }

    public void frameDropped() {
        framesDropped.increment();
    }

    /** @param withShield whether the frame had at least one shield drawn */
    public void frameProcessed(long processingNanos, boolean withShield) {
        framesProcessed.increment();
        if (withShield) {
            framesWithShield.increment();
        }
        processingSeconds.observe(processingNanos / 1e9);
    }

    public void frameReleased() {
        framesReleased.increment();
    }

    public void outputBufferAllocated() {
        outputBuffersAllocated.increment();
    }

    public void outputBufferReleased() {
        outputBuffersReleased.increment();
    }

    public long framesProcessed() {
        return framesProcessed.sum();
    }

    public long framesDropped() {
        return framesDropped.sum();
    }

    /** A participant's room audio chunk was accepted and forwarded to the others. */
    public void audioChunkReceived() {
        audioChunksReceived.increment();
    }

    /** @param reason {@link #AUDIO_MALFORMED}, {@link #AUDIO_QUEUE_FULL} or {@link #AUDIO_SEND_FAILED} */
    public void audioChunkDropped(String reason) {
        audioChunksDropped.get(reason).increment();
    }

    public void write(PrometheusWriter out) {
        out.gauge("magicshield_sessions_active", "Sessions in progress.", activeSessions.getAsInt())
                .counter("magicshield_sessions_started_total", "Sessions admitted.", sessionsStarted.sum())
                .counter(
                        "magicshield_sessions_refused_total",
                        "Session starts refused, by reason.",
                        "reason",
                        sums(sessionsRefused))
                .counter(
                        "magicshield_sessions_ended_total", "Sessions ended, by reason.", "reason", sums(sessionsEnded))
                .counter("magicshield_frames_received_total", "Camera frames received.", framesReceived.sum())
                .counter(
                        "magicshield_frames_dropped_total",
                        "Camera frames skipped because they waited too long for processing.",
                        framesDropped.sum())
                .counter("magicshield_frames_processed_total", "Processed frames sent back.", framesProcessed.sum())
                .counter(
                        "magicshield_frames_with_shield_total",
                        "Processed frames with at least one shield drawn.",
                        framesWithShield.sum())
                .counter(
                        "magicshield_room_audio_chunks_received_total",
                        "Room audio chunks accepted from participants and forwarded.",
                        audioChunksReceived.sum())
                .counter(
                        "magicshield_room_audio_chunks_dropped_total",
                        "Room audio chunks dropped, by reason (a bad chunk, or a chunk a receiver had no room for).",
                        "reason",
                        sums(audioChunksDropped))
                .histogram(
                        "magicshield_frame_processing_seconds",
                        "Time the effect took per frame.",
                        processingSeconds.snapshot())
                .gauge("magicshield_system_cpu_load", "System CPU load, 0 to 1, smoothed over about 10 s.", cpu.load())
                .gauge(
                        "magicshield_load_level",
                        "How far the effect is degraded under load: 0 full, 1 lite model, "
                                + "2 lite model at most 15 inferences a second, 3 at most 10, 4 at most 5.",
                        loadLevel.getAsInt());
        writeResources(out);
    }

    /** What must return to its idle value once sessions are gone; a value that keeps climbing is a leak. */
    private void writeResources(PrometheusWriter out) {
        // releases are read before what they release, so a scrape during streaming never shows fewer than zero held
        long released = framesReleased.sum();
        long received = framesReceived.sum();
        long freed = outputBuffersReleased.sum();
        long allocated = outputBuffersAllocated.sum();
        out.gauge(
                        "magicshield_session_slots_in_use",
                        "Session slots held: sessions in progress and ended ones still being torn down.",
                        slotsInUse.getAsInt())
                .gauge("magicshield_peers_open", "WebRTC peers created and not yet torn down.", openPeers.getAsInt())
                .gauge(
                        "magicshield_rooms_open",
                        "Rooms open (ended a grace period after their last participant left).",
                        openRooms.getAsInt())
                .gauge(
                        "magicshield_room_members",
                        "Sessions in rooms: participants and viewers.",
                        roomMembers.getAsInt())
                .gauge(
                        "magicshield_effect_processors_open",
                        "Sessions' effect processors (native models and buffers) not yet closed.",
                        openEffects.get())
                .gauge("magicshield_signaling_connections", "Open signaling WebSockets.", signalingConnections.get())
                .counter(
                        "magicshield_frames_released_total",
                        "Camera frames given back to WebRTC (each received frame exactly once).",
                        released)
                .counter(
                        "magicshield_output_buffers_allocated_total",
                        "Native output frame buffers allocated.",
                        allocated)
                .counter(
                        "magicshield_output_buffers_released_total",
                        "Native output frame buffers the application gave up.",
                        freed)
                .gauge(
                        "magicshield_native_frame_buffers_held",
                        "Native frame buffer references the application holds now (camera frames and output pool).",
                        (received - released) + (allocated - freed))
                .gauge("jvm_threads_current", "Live threads of the JVM.", process.jvmThreads())
                .gauge(
                        "jvm_heap_committed_bytes",
                        "Memory the Java heap has taken from the system.",
                        process.heapCommittedBytes());
        process.cpuSeconds()
                .ifPresent(seconds -> out.counter(
                        "process_cpu_seconds_total",
                        "CPU time the server process used, all threads (WebRTC's codecs and the effect's included).",
                        seconds));
        process.osThreads()
                .ifPresent(threads -> out.gauge(
                        "process_threads",
                        "Threads of the server process as the operating system counts them (native WebRTC threads included).",
                        threads));
        process.residentBytes()
                .ifPresent(bytes ->
                        out.gauge("process_resident_memory_bytes", "Resident memory of the server process.", bytes));
    }

    private static Map<String, LongAdder> adders(List<String> labels) {
        Map<String, LongAdder> map = new LinkedHashMap<>();
        for (String label : labels) {
            map.put(label, new LongAdder());
        }
        return map;
    }

    private static LongAdder adder(Map<String, LongAdder> adders, String label) {
        LongAdder adder = adders.get(label);
        if (adder == null) {
            throw new IllegalArgumentException("no such reason label: " + label + " (known: " + adders.keySet() + ")");
        }
        return adder;
    }

    private static Map<String, Long> sums(Map<String, LongAdder> adders) {
        Map<String, Long> sums = new LinkedHashMap<>();
        adders.forEach((label, adder) -> sums.put(label, adder.sum()));
        return sums;
    }
}
