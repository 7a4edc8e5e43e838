package io.magicshield.source;

import java.time.Duration;

/** Retry waits: the first, then doubled after each failure up to the most; a success starts over. */
final class Backoff {

    private final Duration first;
    private final Duration most;
    private Duration next;

    Backoff(Duration first, Duration most) {
        this.first = first;
        this.most = most;
        this.next = first;
    }

    /** @return the wait before this retry; the one after it is twice as long (at most {@code most}) */
    Duration next() {
        Duration now = next;
        next = now.multipliedBy(2).compareTo(most) > 0 ? most : now.multipliedBy(2);
        return now;
    }

    void reset() {
        next = first;
    }
}
