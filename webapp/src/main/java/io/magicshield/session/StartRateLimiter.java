package io.magicshield.session;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * Session starts per client address: a token bucket of {@code starts} tokens refilled evenly over {@code window},
 * so a burst is allowed and a steady stream is held to the rate. Buckets that refilled completely are forgotten
 * ({@link #prune()}), which keeps memory bounded by the addresses active within one window.
 */
public final class StartRateLimiter {

    private final int starts;
    private final double tokensPerNano;
    private final InstantSource clock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    public StartRateLimiter(int starts, Duration window, InstantSource clock) {
        this.starts = starts;
        this.tokensPerNano = starts / (double) window.toNanos();
        this.clock = clock;
    }

    /** @return true and uses one start when the address has one left */
    public synchronized boolean tryAcquire(String address) {
        Instant now = clock.instant();
        Bucket bucket = buckets.computeIfAbsent(address, a -> new Bucket(starts, now));
        bucket.refill(now);
        if (bucket.tokens < 1) {
            return false;
        }
        bucket.tokens -= 1;
        return true;
    }

    public synchronized void prune() {
        Instant now = clock.instant();
        buckets.values().removeIf(bucket -> {
            bucket.refill(now);
            return bucket.tokens >= starts;
        });
    }

    synchronized int trackedAddresses() {
        return buckets.size();
    }

    private final class Bucket {
        private double tokens;
        private Instant updated;

        private Bucket(double tokens, Instant updated) {
            this.tokens = tokens;
            this.updated = updated;
        }

        private void refill(Instant now) {
            if (now.isAfter(updated)) {
                tokens =
                        Math.min(starts, tokens + Duration.between(updated, now).toNanos() * tokensPerNano);
                updated = now;
            }
        }
    }
}
