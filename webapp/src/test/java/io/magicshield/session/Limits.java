package io.magicshield.session;

import java.time.Duration;

final class Limits {

    private Limits() {}

    /** 2 sessions, 80% CPU, 900 s with a warning 60 s before, 20 s offer, 15 s media, 10 s grace, 3 starts/60 s. */
    static SessionLimits standard() {
        return new SessionLimits(
                2,
                0.8,
                Duration.ofSeconds(900),
                Duration.ofSeconds(60),
                Duration.ofSeconds(20),
                Duration.ofSeconds(15),
                Duration.ofSeconds(10),
                3,
                Duration.ofSeconds(60));
    }
}
