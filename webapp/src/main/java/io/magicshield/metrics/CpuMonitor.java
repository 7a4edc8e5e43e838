package io.magicshield.metrics;

import com.sun.management.OperatingSystemMXBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;

/**
 * System CPU load (all cores, 0..1), sampled once a second by the session housekeeping and smoothed over about
 * ten seconds: admission control is there to protect running sessions from sustained overload, and a burst (a
 * browser starting on the same machine, a deployment) must not turn users away.
 */
@ApplicationScoped
public class CpuMonitor {

    /** Weight of the newest sample: about a 10 s time constant at one sample per second. */
    private static final double SMOOTHING = 0.1;

    private final OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    /** Starts at idle: the deployment's own burst is no sign of sustained load. */
    private volatile double load;

    public synchronized void sample() {
        double now = os.getCpuLoad();
        if (now >= 0) { // negative: not available yet (the first reading) or on this platform
            load += SMOOTHING * (now - load);
        }
    }

    /** @return smoothed system CPU load, 0..1 */
    public double load() {
        return load;
    }
}
