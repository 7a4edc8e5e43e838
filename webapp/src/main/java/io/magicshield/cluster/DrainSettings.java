package io.magicshield.cluster;

import java.time.Duration;

/**
 * How a drained server lets its sessions go (docs/cluster.md, "Draining a node").
 *
 * @param deadline how long running sessions may go on after the drain begins; then they are moved to other servers
 *     (0: at once). At most a day: a drain is maintenance, not a state to live in.
 */
public record DrainSettings(Duration deadline) {

    public static final String PROPERTY = "magicshield.cluster.drain-deadline-seconds";
    private static final Duration LONGEST = Duration.ofDays(1);

    public DrainSettings {
        if (deadline.isNegative() || deadline.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(
                    "the drain deadline must be 0 to " + LONGEST.toSeconds() + " s, got " + deadline.toSeconds());
        }
    }

    @Override
    public String toString() {
        return "drain deadline " + deadline.toSeconds() + " s";
    }
}
