package io.magicshield.load;

import java.time.Duration;

/** Sleeping in the driver's own thread: an interrupt ends the run rather than being swallowed. */
final class Pause {

    private Pause() {
    }

    static void of(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
