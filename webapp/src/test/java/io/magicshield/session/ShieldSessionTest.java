package io.magicshield.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.media.ServerFrameCounters;
import io.magicshield.metrics.ServerMetrics;
import io.magicshield.rtc.IceCandidate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A session's end, as its owner sees it through the {@link SessionContext}: it never sees the manager itself. */
class ShieldSessionTest {

    private final FakeClock clock = new FakeClock();
    private final List<String> events = new ArrayList<>();
    private final List<Runnable> teardown = new ArrayList<>();
    private final AtomicInteger released = new AtomicInteger();
    private final SessionContext context = new SessionContext(
            Limits.standard(),
            clock,
            (id, role, settings, stats, listener) -> {
                throw new IllegalStateException("WebRTC is down");
            },
            new ServerFrameCounters(new ServerMetrics()),
            teardown::add,
            (id, reason) -> events.add("manager: " + id + " " + reason));
    // the settings and bitrate cap only pass through to the peer, which the factory above never makes
    private final ShieldSession session = new ShieldSession(
            "s1",
            MediaRole.CAMERA,
            "127.0.0.1",
            null,
            List.of(),
            null,
            clock.instant(),
            context,
            new Permit(released::incrementAndGet),
            new RecordingListener());

    @Test
    void endTellsTheListenerThenTheOwnerAndFreesTheSlotOnlyInTheTeardown() {
        session.end(EndReason.STOPPED, "bye");
        session.end(EndReason.SOCKET_CLOSED, "again");

        assertEquals(List.of("page: stopped bye", "manager: s1 STOPPED"), events);
        assertEquals(1, teardown.size());
        assertEquals(0, released.get(), "the slot is held until the teardown ran");
        teardown.get(0).run();
        assertEquals(1, released.get());
    }

    @Test
    void aPeerThatCannotBeMadeEndsTheSession() {
        session.acceptOffer("v=0");

        assertEquals(2, events.size(), events::toString);
        assertTrue(
                events.get(0).startsWith("page: negotiation_failed ")
                        && events.get(0).contains("WebRTC is down"),
                events.get(0));
        assertEquals("manager: s1 NEGOTIATION_FAILED", events.get(1));
        teardown.forEach(Runnable::run);
        assertEquals(1, released.get());
    }

    @Test
    void onlyASourceIsFedOnTheServerAndItsFeedEndsWithItsPeer() {
        assertThrows(IllegalStateException.class, session::openFeed, "a page's camera comes by its offer");
        assertEquals(List.of(), events);

        ShieldSession source = new ShieldSession(
                "src",
                MediaRole.SOURCE,
                "source:1",
                null,
                List.of(),
                null,
                clock.instant(),
                context,
                new Permit(released::incrementAndGet),
                new RecordingListener());
        assertTrue(source.openFeed().isEmpty(), "no feed when its peer cannot be made");
        assertEquals("manager: src NEGOTIATION_FAILED", events.get(1));
        assertTrue(source.openFeed().isEmpty(), "nor once it ended");
    }

    @Test
    void noOfferInTimeEndsTheSessionAtTheTick() {
        session.tick(clock.advance(Duration.ofSeconds(19)), 0.1, 1);
        assertEquals(List.of(), events);

        session.tick(clock.advance(Duration.ofSeconds(1)), 0.1, 1);
        assertEquals(List.of("page: offer_timeout no offer within 20 s", "manager: s1 OFFER_TIMEOUT"), events);
    }

    private final class RecordingListener implements ShieldSession.Listener {

        @Override
        public void onAnswer(String sdp) {
            events.add("page: answer");
        }

        @Override
        public void onLocalCandidate(IceCandidate candidate) {
            events.add("page: candidate");
        }

        @Override
        public void onTimeWarning(long secondsLeft) {
            events.add("page: warning " + secondsLeft);
        }

        @Override
        public void onEnded(EndReason reason, String message) {
            events.add("page: " + reason.wireName() + " " + message);
        }
    }
}
