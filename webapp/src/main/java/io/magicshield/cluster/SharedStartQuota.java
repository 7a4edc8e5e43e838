package io.magicshield.cluster;

import io.magicshield.session.SessionLimits;
import io.magicshield.session.StartQuota;
import io.magicshield.session.StartRateLimiter;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.infinispan.Cache;

/**
 * Session starts per client address in the {@code starts} cache (replicated in a cluster): the same token bucket as
 * {@link StartRateLimiter}, kept as {@code "tokens:millis"} and updated by compare-and-set (Infinispan runs a
 * conditional write on the key's primary owner under its lock), so starts on any node draw on one quota. A bucket
 * expires one window after its last start, when it would be full again. The nodes' clocks must agree (NTP) to well
 * within a window's refill of one start (6 s by default).
 */
@ApplicationScoped
public class SharedStartQuota implements StartQuota {

    /** Compare-and-set rounds before refusing: two nodes racing for one address settle in two. */
    private static final int ATTEMPTS = 8;

    @Resource(lookup = "java:jboss/infinispan/cache/magicshield/starts")
    Cache<String, String> buckets;

    @Inject
    SessionLimits limits;

    private final InstantSource clock = InstantSource.system();

    @Override
    public boolean tryAcquire(String address) {
        int starts = limits.rateLimitStarts();
        Duration window = limits.rateLimitWindow();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long now = clock.millis();
            String held = buckets.get(address);
            double tokens = starts;
            if (held != null) {
                int colon = held.indexOf(':');
                long updated = Long.parseLong(held.substring(colon + 1));
                tokens = StartRateLimiter.refilled(
                        Double.parseDouble(held.substring(0, colon)),
                        Duration.ofMillis(Math.max(0, now - updated)),
                        starts,
                        window);
            }
            if (tokens < 1) {
                return false;
            }
            String next = (tokens - 1) + ":" + now;
            long lifespan = window.toMillis();
            boolean written = held == null
                    ? buckets.putIfAbsent(address, next, lifespan, TimeUnit.MILLISECONDS) == null
                    : buckets.replace(address, held, next, lifespan, TimeUnit.MILLISECONDS);
            if (written) {
                return true;
            }
        }
        return false; // refused rather than over the quota
    }
}
