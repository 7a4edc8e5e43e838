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
public final class StartRateLimiter implements StartQuota {

    private final int starts;
    private final Duration window;
    private final InstantSource clock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    public StartRateLimiter(int starts, Duration window, InstantSource clock) {
        this.starts = starts;
        this.window = window;
        this.clock = clock;
    }

    /**
     * The tokens of a bucket that held {@code tokens} {@code elapsed} ago: refilled evenly, {@code starts} a
     * {@code window}, to at most {@code starts}.
     */
    public static double refilled(double tokens, Duration elapsed, int starts, Duration window) {
        return Math.min(starts, tokens + elapsed.toNanos() * (starts / (double) window.toNanos()));
    }

    @Override
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
                tokens = refilled(tokens, Duration.between(updated, now), starts, window);
                updated = now;
            }
        }
    }
}
