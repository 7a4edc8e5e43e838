package io.magicshield.media;

import io.magicshield.metrics.CpuMonitor;
import io.magicshield.metrics.ServerMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * The server's load level, read by every session's effect before each frame (see {@link LoadPolicy}), and the
 * threads one inference may use (see {@link LoadLevel#inferenceThreads}). Ticked once a second by the session
 * housekeeping; when adaptation is off the level stays {@link LoadLevel#NORMAL}. The level is the gauge
 * {@code magicshield_load_level} (its ordinal), so a load test sees when the effect was degraded.
 */
@ApplicationScoped
public class LoadGovernor {

    private static final Logger LOG = Logger.getLogger(LoadGovernor.class.getName());

    @Inject
    ServerMetrics metrics;

    @Inject
    CpuMonitor cpu;

    @Inject
    MediaSettings settings;

    private final LoadPolicy policy = new LoadPolicy();
    private volatile LoadLevel level = LoadLevel.NORMAL;
    private volatile int inferenceThreads = 1;
    private long lastProcessed;
    private long lastDropped;

    @PostConstruct
    void exposeLevel() {
        metrics.loadLevelGauge(() -> level.ordinal());
        inferenceThreads = threadsFor(level);
    }

    public LoadLevel level() {
        return level;
    }

    /** Threads one inference may use now: changes with the level and the number of sessions, at each tick. */
    public int inferenceThreads() {
        return inferenceThreads;
    }

    public synchronized void tick() {
        long processed = metrics.framesProcessed();
        long dropped = metrics.framesDropped();
        LoadLevel next = policy.next(processed - lastProcessed, dropped - lastDropped, cpu.load());
        lastProcessed = processed;
        lastDropped = dropped;
        if (settings.engine().adaptive() && next != level) {
            LoadLevel previous = level;
            level = next;
            LOG.info(() -> "load level " + previous + " -> " + next);
        }
        inferenceThreads = threadsFor(level);
    }

    private int threadsFor(LoadLevel at) {
        return at.inferenceThreads(
                metrics.openEffects().get(),
                Runtime.getRuntime().availableProcessors(),
                settings.engine().inferenceThreads());
    }
}
