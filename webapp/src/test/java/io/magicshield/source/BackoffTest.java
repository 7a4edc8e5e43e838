package io.magicshield.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoubleUpToTheMostAndASuccessStartsOver() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(3));

        assertEquals(
                List.of(500L, 1000L, 2000L, 3000L, 3000L),
                Stream.generate(backoff::next).limit(5).map(Duration::toMillis).toList());
        backoff.reset();
        assertEquals(500, backoff.next().toMillis());
    }
}
