package io.magicshield.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionTimelineTest {

    private final FakeClock clock = new FakeClock();
    private final Instant start = clock.instant();
    private final SessionTimeline timeline = new SessionTimeline(Limits.standard(), start, true);

    private SessionTimeline.Verdict after(long seconds) {
        return timeline.check(clock.advance(Duration.ofSeconds(seconds)));
    }

    private void ends(SessionTimeline.Verdict verdict, EndReason reason) {
        assertEquals(
                reason, assertInstanceOf(SessionTimeline.End.class, verdict).reason());
    }

    /** Moves the clock to {@code second} of the session, with a camera frame just seen, and checks. */
    private SessionTimeline.Verdict withMediaAt(long second) {
        clock.advance(Duration.between(clock.instant(), start.plusSeconds(second)));
        timeline.mediaSeen(clock.instant());
        return timeline.check(clock.instant());
    }

    @Test
    void noOfferInTime() {
        assertInstanceOf(SessionTimeline.Continue.class, after(19));
        ends(after(1), EndReason.OFFER_TIMEOUT);
    }

    @Test
    void noMediaAfterTheOffer() {
        timeline.offerReceived(clock.advance(Duration.ofSeconds(2)));
        assertInstanceOf(SessionTimeline.Continue.class, after(14));
        ends(after(1), EndReason.MEDIA_TIMEOUT);
    }

    @Test
    void mediaThatStops() {
        timeline.offerReceived(start);
        for (long second = 10; second <= 100; second += 10) {
            assertInstanceOf(SessionTimeline.Continue.class, withMediaAt(second));
        }
        assertInstanceOf(SessionTimeline.Continue.class, after(14));
        ends(after(1), EndReason.MEDIA_TIMEOUT);
    }

    @Test
    void warnsOnceThenEndsAtTheTimeLimit() {
        timeline.offerReceived(start);
        for (long second = 10; second < 840; second += 10) {
            assertInstanceOf(SessionTimeline.Continue.class, withMediaAt(second));
        }
        assertInstanceOf(SessionTimeline.Continue.class, withMediaAt(839));
        assertEquals(
                60,
                assertInstanceOf(SessionTimeline.Warn.class, withMediaAt(840)).secondsLeft());
        assertInstanceOf(SessionTimeline.Continue.class, withMediaAt(841), "warned once only");
        for (long second = 850; second < 900; second += 10) {
            assertInstanceOf(SessionTimeline.Continue.class, withMediaAt(second));
        }
        assertInstanceOf(SessionTimeline.Continue.class, withMediaAt(899));
        ends(withMediaAt(900), EndReason.TIME_LIMIT);
    }

    @Test
    void aSourceHasNoTimeLimitButStillItsMediaTimeout() {
        SessionTimeline source = new SessionTimeline(Limits.standard(), start, false);
        source.offerReceived(start);
        // ten times the 900 s limit, a frame every 10 s: never a warning, never the end
        for (long second = 10; second <= 9000; second += 10) {
            source.mediaSeen(start.plusSeconds(second));
            assertInstanceOf(SessionTimeline.Continue.class, source.check(start.plusSeconds(second)), "at " + second);
        }
        assertInstanceOf(SessionTimeline.Continue.class, source.check(start.plusSeconds(9014)));
        assertEquals(
                EndReason.MEDIA_TIMEOUT,
                assertInstanceOf(SessionTimeline.End.class, source.check(start.plusSeconds(9015)))
                        .reason());
    }

    @Test
    void aLostConnectionGetsAGracePeriod() {
        timeline.offerReceived(clock.instant());
        timeline.connectionLost(clock.advance(Duration.ofSeconds(5)));
        timeline.mediaSeen(clock.instant());
        assertInstanceOf(SessionTimeline.Continue.class, after(9));
        timeline.connectionRestored();
        timeline.mediaSeen(clock.instant());
        assertInstanceOf(SessionTimeline.Continue.class, after(5), "restored in time");
        timeline.connectionLost(clock.instant());
        timeline.mediaSeen(clock.instant());
        timeline.connectionLost(clock.advance(Duration.ofSeconds(5))); // a repeat does not restart the grace
        timeline.mediaSeen(clock.instant());
        ends(after(5), EndReason.CONNECTION_LOST);
    }
}
