package io.magicshield.session;

import java.time.Duration;

/**
 * Admission and lifetime limits.
 *
 * @param cpuThreshold    system CPU load (0..1) above which new sessions are refused
 * @param warningBefore   how long before {@code maxDuration} the page is warned
 * @param offerTimeout    from {@code start} to the offer
 * @param mediaTimeout    longest time without a camera frame once the offer is in
 * @param disconnectGrace how long a disconnected ICE connection may take to come back
 * @param rateLimitStarts session starts one address may make per {@code rateLimitWindow}
 */
public record SessionLimits(
        int maxSessions,
        double cpuThreshold,
        Duration maxDuration,
        Duration warningBefore,
        Duration offerTimeout,
        Duration mediaTimeout,
        Duration disconnectGrace,
        int rateLimitStarts,
        Duration rateLimitWindow) {

    public SessionLimits {
        require(maxSessions >= 1, "max sessions must be at least 1");
        require(cpuThreshold > 0 && cpuThreshold <= 1, "CPU threshold must be above 0% and at most 100%");
        require(positive(maxDuration), "max duration must be positive");
        require(
                !warningBefore.isNegative() && warningBefore.compareTo(maxDuration) < 0,
                "the time-limit warning must come before the max duration");
        require(positive(offerTimeout) && positive(mediaTimeout), "offer and media timeouts must be positive");
        require(!disconnectGrace.isNegative(), "disconnect grace must not be negative");
        require(rateLimitStarts >= 1 && positive(rateLimitWindow), "rate limit must allow at least 1 start per window");
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
