package io.magicshield.it.net;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a link's root queue ({@code tc -s qdisc}) counted since it was put there: what it sent, and what it dropped
 * (the queue was full: the cap was hit longer than the queue's latency) or held back (overlimits).
 */
public record QueueStats(long sentBytes, long sentPackets, long dropped, long overlimits) {

    private static final Pattern SENT =
            Pattern.compile("Sent (\\d+) bytes (\\d+) pkt \\(dropped (\\d+), overlimits (\\d+)");

    /** Reads the first queue's figures from {@code tc -s qdisc show dev X}. */
    static QueueStats parse(String tcOutput) {
        Matcher m = SENT.matcher(tcOutput);
        if (!m.find()) {
            throw new IllegalArgumentException("no queue figures in: " + tcOutput);
        }
        return new QueueStats(
                Long.parseLong(m.group(1)),
                Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)));
    }
}
