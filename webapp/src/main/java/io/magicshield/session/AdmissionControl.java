package io.magicshield.session;

import java.util.function.DoubleSupplier;

/**
 * Decides whether a new session may start. The per-address rate limit is checked first, so a client hammering a
 * full server uses up its own starts rather than anyone else's; then capacity, then CPU load.
 */
public final class AdmissionControl {

    private final SessionLimits limits;
    private final StartQuota rateLimiter;
    private final DoubleSupplier cpuLoad;
    private int active;

    /** @param cpuLoad system CPU load, 0..1 */
    public AdmissionControl(SessionLimits limits, StartQuota rateLimiter, DoubleSupplier cpuLoad) {
        this.limits = limits;
        this.rateLimiter = rateLimiter;
        this.cpuLoad = cpuLoad;
    }

    /** @return the new session's slot, to be closed when its resources are gone */
    public synchronized Permit admit(String address) throws SessionRefusedException {
        if (!rateLimiter.tryAcquire(address)) {
            throw new SessionRefusedException(
                    RefusalReason.RATE_LIMITED,
                    "too many sessions started from "
                            + address + ": at most " + limits.rateLimitStarts() + " per "
                            + limits.rateLimitWindow().toSeconds() + " s; try again shortly");
        }
        if (active >= limits.maxSessions()) {
            throw new SessionRefusedException(
                    RefusalReason.SERVER_FULL,
                    "the server is full ("
                            + limits.maxSessions() + " of " + limits.maxSessions()
                            + " sessions in use); try again in a few minutes");
        }
        double load = cpuLoad.getAsDouble();
        if (load > limits.cpuThreshold()) {
            throw new SessionRefusedException(
                    RefusalReason.CPU_BUSY,
                    String.format(
                            "the server is busy: CPU at %.0f%% (limit %.0f%%); try again shortly",
                            load * 100, limits.cpuThreshold() * 100));
        }
        active++;
        return new Permit(this::release);
    }

    private synchronized void release() {
        active--;
    }

    /** Sessions holding a slot, including those still being torn down. */
    public synchronized int active() {
        return active;
    }
}
