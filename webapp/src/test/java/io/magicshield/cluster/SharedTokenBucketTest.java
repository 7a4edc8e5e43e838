package io.magicshield.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.infinispan.Cache;
import org.junit.jupiter.api.Test;

class SharedTokenBucketTest {

    private static final Duration WINDOW = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock();
    private final FakeCache cache = new FakeCache(clock);
    private final SharedTokenBucket bucket = new SharedTokenBucket(cache.cache(), "start/", 2, WINDOW, clock);

    @Test
    void burstThenSteadyRate() {
        assertTrue(bucket.tryAcquire("a"));
        assertTrue(bucket.tryAcquire("a"));
        assertFalse(bucket.tryAcquire("a"));
        clock.advance(Duration.ofSeconds(4));
        assertFalse(bucket.tryAcquire("a"), "0.8 tokens after 4 s");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(bucket.tryAcquire("a"), "1 token after 5 s");
        assertFalse(bucket.tryAcquire("a"));
        assertTrue(bucket.tryAcquire("b"), "another address has its own");
    }

    @Test
    void refillNeverExceedsTheBurst() {
        assertTrue(bucket.tryAcquire("a"));
        clock.advance(Duration.ofSeconds(9)); // within the entry's lifespan: refilled from what it held, capped
        assertTrue(bucket.tryAcquire("a"));
        assertTrue(bucket.tryAcquire("a"));
        assertFalse(bucket.tryAcquire("a"));
    }

    @Test
    void aBucketExpiresOneWindowAfterItsLastTakeWhenItWouldBeFullAgain() {
        bucket.tryAcquire("a");
        bucket.tryAcquire("a");
        assertEquals(WINDOW.toMillis(), cache.lifespan("start/a"));
        clock.advance(WINDOW.minusMillis(1));
        assertNotNull(cache.held("start/a"), "held until then");
        clock.advance(Duration.ofMillis(1));
        assertNull(cache.held("start/a"), "gone from the cache");
        assertTrue(bucket.tryAcquire("a"));
        assertTrue(bucket.tryAcquire("a"));
        assertFalse(bucket.tryAcquire("a"));
    }

    @Test
    void nodesSharingTheCacheDrawOnOneQuota() {
        SharedTokenBucket otherNode = new SharedTokenBucket(cache.cache(), "start/", 2, WINDOW, clock);
        assertTrue(bucket.tryAcquire("a"));
        assertTrue(otherNode.tryAcquire("a"));
        assertFalse(bucket.tryAcquire("a"));
        assertFalse(otherNode.tryAcquire("a"), "a quota per node would have let this one through");
    }

    @Test
    void eachQuotaInTheCacheHasItsOwnBuckets() {
        SharedTokenBucket rooms = new SharedTokenBucket(cache.cache(), "room/", 1, Duration.ofSeconds(60), clock);
        assertTrue(rooms.tryAcquire("a"));
        assertFalse(rooms.tryAcquire("a"));
        assertTrue(bucket.tryAcquire("a"), "the room creation took none of the address's starts");
        assertTrue(bucket.tryAcquire("a"));
        assertFalse(bucket.tryAcquire("a"));
        assertFalse(rooms.tryAcquire("a"));
        assertEquals(Duration.ofSeconds(60).toMillis(), cache.lifespan("room/a"), "each with its own window");
    }

    @Test
    void nodesRacingForOneAddressNeverSpendATokenTwiceOrLoseOne() throws Exception {
        int capacity = 200;
        List<SharedTokenBucket> nodes = List.of(
                new SharedTokenBucket(cache.cache(), "start/", capacity, Duration.ofHours(1), clock),
                new SharedTokenBucket(cache.cache(), "start/", capacity, Duration.ofHours(1), clock));
        AtomicInteger accepted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            SharedTokenBucket node = nodes.get(t % 2);
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 50; i++) {
                    if (node.tryAcquire("a")) {
                        accepted.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        // the clock stands still: whatever the race refused (out of compare-and-set rounds) is still there
        int left = 0;
        while (left <= capacity && nodes.get(0).tryAcquire("a")) {
            left++;
        }
        System.out.printf(
                "[bucket] 8 threads on 2 nodes, 400 takes of %d tokens: %d accepted, %d left after%n",
                capacity, accepted.get(), left);
        assertTrue(accepted.get() <= capacity, "never over the quota: " + accepted.get());
        assertEquals(capacity, accepted.get() + left, "no token spent twice or lost");
    }

    /** A clock the test moves by hand. */
    private static final class ManualClock implements InstantSource {
        private final AtomicLong millis = new AtomicLong();

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        void advance(Duration by) {
            millis.addAndGet(by.toMillis());
        }
    }

    /**
     * The three operations of Infinispan's {@link Cache} the bucket uses, with their atomicity (a conditional write
     * under the key's lock) and entries' lifespans on the test's clock; any other call fails the test.
     */
    private static final class FakeCache {
        private record Entry(String value, long lifespan, long expires) {}

        private final Map<String, Entry> entries = new ConcurrentHashMap<>();
        private final InstantSource clock;

        FakeCache(InstantSource clock) {
            this.clock = clock;
        }

        String held(String key) {
            Entry entry = live(key);
            return entry == null ? null : entry.value();
        }

        long lifespan(String key) {
            return Objects.requireNonNull(live(key), key).lifespan();
        }

        private Entry live(String key) {
            Entry entry = entries.get(key);
            return entry == null || entry.expires() <= clock.millis() ? null : entry;
        }

        @SuppressWarnings("unchecked")
        Cache<String, String> cache() {
            return (Cache<String, String>) Proxy.newProxyInstance(
                    Cache.class.getClassLoader(), new Class<?>[] {Cache.class}, (p, m, a) -> {
                        int arguments = a == null ? 0 : a.length;
                        return switch (m.getName() + "/" + arguments) {
                            case "get/1" -> held((String) a[0]);
                            case "putIfAbsent/4" -> putIfAbsent((String) a[0], (String) a[1], lifespan(a[2], a[3]));
                            case "replace/5" ->
                                replace((String) a[0], (String) a[1], (String) a[2], lifespan(a[3], a[4]));
                            default -> throw new UnsupportedOperationException(m.toString());
                        };
                    });
        }

        private static long lifespan(Object amount, Object unit) {
            return ((TimeUnit) unit).toMillis((Long) amount);
        }

        private String putIfAbsent(String key, String value, long lifespan) {
            String[] previous = {null};
            entries.compute(key, (k, entry) -> {
                if (entry != null && entry.expires() > clock.millis()) {
                    previous[0] = entry.value();
                    return entry;
                }
                return new Entry(value, lifespan, clock.millis() + lifespan);
            });
            return previous[0];
        }

        private boolean replace(String key, String expected, String value, long lifespan) {
            boolean[] replaced = {false};
            entries.computeIfPresent(key, (k, entry) -> {
                if (entry.expires() > clock.millis() && entry.value().equals(expected)) {
                    replaced[0] = true;
                    return new Entry(value, lifespan, clock.millis() + lifespan);
                }
                return entry;
            });
            return replaced[0];
        }
    }
}
