package io.magicshield.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushPacerTest {

    private long now = 1_000_000_000L;
    private final List<Long> parks = new ArrayList<>();
    private final PushPacer pacer = new PushPacer(() -> now, nanos -> {
        parks.add(nanos);
        now += nanos;
    });

    @Test
    void theFirstPushAndPushesAFrameTimeApartNeverWait() {
        pacer.awaitTurn();
        for (int i = 0; i < 5; i++) {
            now += 33_333_333L; // a 30 fps camera
            pacer.awaitTurn();
        }
        assertEquals(List.of(), parks);
    }

    @Test
    void aBacklogGoesOutOneSixtiethOfASecondApart() {
        pacer.awaitTurn();
        long first = now;
        now += 200_000L; // the next waiting frame processed 0.2 ms later
        pacer.awaitTurn();
        assertEquals(first + PushPacer.MIN_INTERVAL_NANOS, now);
        now += 200_000L;
        pacer.awaitTurn();
        assertEquals(first + 2 * PushPacer.MIN_INTERVAL_NANOS, now);
        assertEquals(List.of(PushPacer.MIN_INTERVAL_NANOS - 200_000L, PushPacer.MIN_INTERVAL_NANOS - 200_000L), parks);
    }

    @Test
    void aParkThatReturnsEarlyIsResumedUntilTheTurnComes() {
        PushPacer early = new PushPacer(() -> now, nanos -> {
            parks.add(nanos);
            now += Math.max(1, nanos / 2); // woken early (a spurious wake-up)
        });
        early.awaitTurn();
        long first = now;
        early.awaitTurn();
        assertTrue(now >= first + PushPacer.MIN_INTERVAL_NANOS, "pushed before its turn");
        assertTrue(parks.size() > 1, "parked once only: " + parks);
    }
}
