package io.magicshield.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StartRateLimiterTest {

    private final FakeClock clock = new FakeClock();
    private final StartRateLimiter limiter = new StartRateLimiter(2, Duration.ofSeconds(10), clock);

    @Test
    void burstThenSteadyRate() {
        assertTrue(limiter.tryAcquire("a"));
        assertTrue(limiter.tryAcquire("a"));
        assertFalse(limiter.tryAcquire("a"));
        clock.advance(Duration.ofSeconds(4));
        assertFalse(limiter.tryAcquire("a"), "0.8 tokens after 4 s");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(limiter.tryAcquire("a"), "1 token after 5 s");
        assertFalse(limiter.tryAcquire("a"));
    }

    @Test
    void refillNeverExceedsTheBurst() {
        assertTrue(limiter.tryAcquire("a"));
        clock.advance(Duration.ofHours(1));
        assertTrue(limiter.tryAcquire("a"));
        assertTrue(limiter.tryAcquire("a"));
        assertFalse(limiter.tryAcquire("a"));
    }

    @Test
    void pruneForgetsAddressesThatRefilled() {
        limiter.tryAcquire("a");
        limiter.tryAcquire("b");
        limiter.tryAcquire("b");
        clock.advance(Duration.ofSeconds(2));
        limiter.prune();
        assertEquals(2, limiter.trackedAddresses(), "a has 1.4 starts, b 0.4: neither is full");
        clock.advance(Duration.ofSeconds(8));
        limiter.prune();
        assertEquals(0, limiter.trackedAddresses());
    }
}
