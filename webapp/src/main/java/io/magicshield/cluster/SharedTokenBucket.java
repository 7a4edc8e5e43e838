package io.magicshield.cluster;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.infinispan.Cache;

/**
 * A quota per client address as a token bucket in a cache: {@code capacity} tokens refilled evenly over
 * {@code window}, so a burst is allowed and a steady stream is held to the rate. A bucket is kept as
 * {@code "tokens:millis"} under the quota's key prefix and the address, and updated by compare-and-set (Infinispan
 * runs a conditional write on the key's primary owner under its lock), so takes on any node draw on one bucket. An
 * entry expires one window after its last take, when it would be full again, which keeps the cache bounded by the
 * addresses active within a window. Every quota (session starts, room creations) shares one cache, each under its
 * own prefix: they differ only in their limits, and each entry carries its own lifespan, so a cache per quota would
 * add server configuration and nothing else. The nodes' clocks must agree (NTP) to well within a window's refill of
 * one token (6 s for the default session starts, 12 s for room creations).
 */
final class SharedTokenBucket {

    /** Compare-and-set rounds before refusing: two nodes racing for one address settle in two. */
    private static final int ATTEMPTS = 8;

    private final Cache<String, String> buckets;
    private final String prefix;
    private final int capacity;
    private final Duration window;
    private final InstantSource clock;

    /** @param prefix the quota's key prefix in {@code buckets}, one per quota */
    SharedTokenBucket(
            Cache<String, String> buckets, String prefix, int capacity, Duration window, InstantSource clock) {
        this.buckets = buckets;
        this.prefix = prefix;
        this.capacity = capacity;
        this.window = window;
        this.clock = clock;
    }

    /** @return true and uses one token when the address has one left */
    boolean tryAcquire(String address) {
        String key = prefix + address;
        long lifespan = window.toMillis();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long now = clock.millis();
            String held = buckets.get(key);
            double tokens = held == null ? capacity : refilled(held, now);
            if (tokens < 1) {
                return false;
            }
            String next = (tokens - 1) + ":" + now;
            boolean written = held == null
                    ? buckets.putIfAbsent(key, next, lifespan, TimeUnit.MILLISECONDS) == null
                    : buckets.replace(key, held, next, lifespan, TimeUnit.MILLISECONDS);
            if (written) {
                return true;
            }
        }
        return false; // refused rather than over the quota
    }

    /** The tokens of the bucket {@code held} at {@code now}: refilled evenly since it was written, to the capacity. */
    private double refilled(String held, long now) {
        int colon = held.indexOf(':');
        double tokens = Double.parseDouble(held.substring(0, colon));
        long elapsed = Math.max(0, now - Long.parseLong(held.substring(colon + 1)));
        return Math.min(capacity, tokens + elapsed * (capacity / (double) window.toMillis()));
    }
}
