package io.magicshield.metrics;

import io.magicshield.media.EffectOutcome;
import io.magicshield.media.FrameCounters;
import io.magicshield.session.EndReason;
import io.magicshield.session.RefusalReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** The server's counters, written in Prometheus text format by {@link MetricsServlet}. */
@ApplicationScoped
public class ServerMetrics implements FrameCounters {

    @Inject
    CpuMonitor cpu;

    private final LongAdder sessionsStarted = new LongAdder();
    private final Map<RefusalReason, LongAdder> sessionsRefused = adders(RefusalReason.class);
    private final Map<EndReason, LongAdder> sessionsEnded = adders(EndReason.class);
    private final LongAdder framesReceived = new LongAdder();
    private final LongAdder framesDropped = new LongAdder();
    private final LongAdder framesProcessed = new LongAdder();
    private final LongAdder framesWithShield = new LongAdder();
    /** Seconds; a 30 fps frame time is 0.033. */
    private final Histogram processingSeconds =
            new Histogram(0.001, 0.0025, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25);
    private volatile IntSupplier activeSessions = () -> 0;

    public void activeSessions(IntSupplier gauge) {
        activeSessions = gauge;
    }

    public void sessionStarted() {
        sessionsStarted.increment();
    }

    public void sessionRefused(RefusalReason reason) {
        sessionsRefused.get(reason).increment();
    }

    public void sessionEnded(EndReason reason) {
        sessionsEnded.get(reason).increment();
    }

    @Override
    public void frameReceived() {
        framesReceived.increment();
    }

    @Override
    public void frameDropped() {
        framesDropped.increment();
    }

    @Override
    public void frameProcessed(long processingNanos, EffectOutcome outcome) {
        framesProcessed.increment();
        if (outcome.shieldsDrawn() > 0) {
            framesWithShield.increment();
        }
        processingSeconds.observe(processingNanos / 1e9);
    }

    public long framesProcessed() {
        return framesProcessed.sum();
    }

    public long framesDropped() {
        return framesDropped.sum();
    }

    public void write(PrometheusWriter out) {
        out.gauge("magicshield_sessions_active", "Sessions in progress.", activeSessions.getAsInt())
                .counter("magicshield_sessions_started_total", "Sessions admitted.", sessionsStarted.sum())
                .counter("magicshield_sessions_refused_total", "Session starts refused, by reason.", "reason",
                        sums(sessionsRefused))
                .counter("magicshield_sessions_ended_total", "Sessions ended, by reason.", "reason",
                        sums(sessionsEnded))
                .counter("magicshield_frames_received_total", "Camera frames received.", framesReceived.sum())
                .counter("magicshield_frames_dropped_total",
                        "Camera frames skipped because a newer one arrived before processing.", framesDropped.sum())
                .counter("magicshield_frames_processed_total", "Processed frames sent back.", framesProcessed.sum())
                .counter("magicshield_frames_with_shield_total", "Processed frames with at least one shield drawn.",
                        framesWithShield.sum())
                .histogram("magicshield_frame_processing_seconds", "Time the effect took per frame.",
                        processingSeconds.snapshot())
                .gauge("magicshield_system_cpu_load", "System CPU load, 0 to 1, smoothed over about 10 s.",
                        cpu.load());
    }

    private static <E extends Enum<E>> Map<E, LongAdder> adders(Class<E> type) {
        Map<E, LongAdder> map = new EnumMap<>(type);
        for (E constant : type.getEnumConstants()) {
            map.put(constant, new LongAdder());
        }
        return map;
    }

    private static <E extends Enum<E>> Map<String, Long> sums(Map<E, LongAdder> adders) {
        Map<String, Long> sums = new LinkedHashMap<>();
        adders.forEach((reason, adder) -> sums.put(reason.name().toLowerCase(Locale.ROOT), adder.sum()));
        return sums;
    }
}
