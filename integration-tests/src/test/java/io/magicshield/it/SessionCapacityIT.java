package io.magicshield.it;

import static io.magicshield.it.signaling.ClientMessages.start;
import static io.magicshield.it.signaling.ClientMessages.stop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.browser.PageProbe;
import io.magicshield.it.server.LeakCheck;
import io.magicshield.it.server.ServerResources;
import io.magicshield.it.signaling.SignalingClient;
import io.magicshield.it.signaling.SignalingClient.Closed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * With two session slots: two sessions run, the third start is refused with SERVER_FULL (close 1013) and a reason
 * a person can read, the page shows that reason in its banner, and a slot given back is usable at once.
 */
class SessionCapacityIT extends ServerTest {

    private static final int MAX_SESSIONS = 2;
    private static final int TRY_AGAIN_LATER = 1013;
    private static final String REFUSED = "refused_total{reason=\"server_full\"}";

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of("magicshield.sessions.max", Integer.toString(MAX_SESSIONS)));
    }

    @Test
    void startsBeyondTheLimitAreRefusedWithAReasonThePageShows() throws Exception {
        LeakCheck leaks = LeakCheck.begin("capacity");
        double refusedBefore = PrometheusScrape.now().valueOrZero("magicshield_sessions_" + REFUSED);
        List<SignalingClient> holders = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_SESSIONS; i++) {
                SignalingClient holder = SignalingClient.connect(SIGNALING);
                holders.add(holder);
                holder.send(start());
                holder.await("ready");
            }

            String reason;
            try (SignalingClient third = SignalingClient.connect(SIGNALING)) {
                third.send(start());
                reason = third.expectError("SERVER_FULL");
                Closed closed = third.awaitClose();
                System.out.println("[capacity] third start: SERVER_FULL \"" + reason + "\", closed " + closed);
                assertEquals(TRY_AGAIN_LATER, closed.code());
                assertTrue(closed.reason().startsWith("SERVER_FULL: the server is full"), closed.reason());
                assertTrue(reason.contains(MAX_SESSIONS + " of " + MAX_SESSIONS + " sessions"), reason);
            }

            PageProbe.Sample page = PageProbe.refusedAt(BASE + "?autostart");
            System.out.println(
                    "[capacity] the page, refused: state " + page.state() + ", banner \"" + page.banner() + "\"");
            assertEquals("error", page.state());
            assertNotNull(page.banner(), "the page shows why");
            assertTrue(
                    page.banner().contains("turned the session down")
                            && page.banner().contains(reason),
                    "the banner gives the server's reason: " + page.banner());

            // a slot is given back once the session's teardown is done (moments after "ended"); then it is free
            SignalingClient leaving = holders.remove(0);
            leaving.send(stop());
            leaving.await("ended");
            leaving.close();
            ServerResources.await(r -> r.slots() < MAX_SESSIONS, Duration.ofSeconds(5));
            try (SignalingClient next = SignalingClient.connect(SIGNALING)) {
                long start = System.nanoTime();
                next.send(start());
                next.await("ready");
                System.out.printf(
                        "[capacity] after a stop, the next start was admitted in %d ms%n",
                        (System.nanoTime() - start) / 1_000_000);
                next.send(stop());
                next.await("ended");
            }
        } finally {
            holders.forEach(SignalingClient::close);
        }
        double refused = PrometheusScrape.now().value("magicshield_sessions_" + REFUSED) - refusedBefore;
        System.out.printf("[capacity] refused for capacity: %.0f (the Java client and the page)%n", refused);
        assertEquals(2, refused, "both refusals counted");
        leaks.assertNothingLeft(4);
    }
}
