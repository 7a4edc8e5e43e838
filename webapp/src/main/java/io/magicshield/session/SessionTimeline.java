package io.magicshield.session;

import java.time.Duration;
import java.time.Instant;

/**
 * A session's deadlines, given the moments things happened: time limit (with one warning before it; none for a
 * pulled source), no offer,
 * no media, and a connection that stays lost. Pure logic on the instants it is given, so it is tested with a fake
 * clock; the caller serialises access.
 */
public final class SessionTimeline {

    public sealed interface Verdict permits Continue, Warn, End {}

    public record Continue() implements Verdict {}

    public record Warn(long secondsLeft) implements Verdict {}

    public record End(EndReason reason, String message) implements Verdict {}

    private static final Continue CONTINUE = new Continue();

    private final SessionLimits limits;
    private final Instant startedAt;
    /** False for a pulled source's session: a server-side stream, not a person's, has no time limit. */
    private final boolean timeLimited;

    private Instant offerAt;
    private Instant lastMediaAt;
    private Instant connectionLostAt;
    private boolean warned;

    public SessionTimeline(SessionLimits limits, Instant startedAt, boolean timeLimited) {
        this.limits = limits;
        this.startedAt = startedAt;
        this.timeLimited = timeLimited;
    }

    public void offerReceived(Instant now) {
        offerAt = now;
        lastMediaAt = now;
    }

    public void mediaSeen(Instant now) {
        lastMediaAt = now;
    }

    public void connectionLost(Instant now) {
        if (connectionLostAt == null) {
            connectionLostAt = now;
        }
    }

    public void connectionRestored() {
        connectionLostAt = null;
    }

    /** @return what should happen now; a {@link Warn} is returned once */
    public Verdict check(Instant now) {
        Instant end = timeLimited ? startedAt.plus(limits.maxDuration()) : Instant.MAX;
        if (!now.isBefore(end)) {
            return new End(
                    EndReason.TIME_LIMIT,
                    "the session reached its time limit of "
                            + limits.maxDuration().toSeconds() + " s");
        }
        if (offerAt == null && reached(now, startedAt, limits.offerTimeout())) {
            return new End(
                    EndReason.OFFER_TIMEOUT,
                    "no offer within " + limits.offerTimeout().toSeconds() + " s");
        }
        if (connectionLostAt != null && reached(now, connectionLostAt, limits.disconnectGrace())) {
            return new End(
                    EndReason.CONNECTION_LOST,
                    "the connection was lost for " + limits.disconnectGrace().toSeconds() + " s");
        }
        if (lastMediaAt != null && reached(now, lastMediaAt, limits.mediaTimeout())) {
            return new End(
                    EndReason.MEDIA_TIMEOUT,
                    "no video received for " + limits.mediaTimeout().toSeconds() + " s");
        }
        if (!warned && !now.isBefore(end.minus(limits.warningBefore()))) {
            warned = true;
            long left = Duration.between(now, end).toMillis();
            return new Warn((left + 999) / 1000);
        }
        return CONTINUE;
    }

    private static boolean reached(Instant now, Instant since, Duration limit) {
        return !now.isBefore(since.plus(limit));
    }
}
