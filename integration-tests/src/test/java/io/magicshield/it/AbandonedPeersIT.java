package io.magicshield.it;

import static io.magicshield.it.signaling.ClientMessages.offer;
import static io.magicshield.it.signaling.ClientMessages.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.media.video.VideoFrame;
import io.magicshield.it.browser.ChromiumBrowser;
import io.magicshield.it.browser.PageProbe;
import io.magicshield.it.browser.PatternCamera;
import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.rtc.WebRtcTestPeer;
import io.magicshield.it.server.LeakCheck;
import io.magicshield.it.server.ServerResources;
import io.magicshield.it.signaling.HostileMessages;
import io.magicshield.it.signaling.SignalingClient;
import io.magicshield.it.signaling.SignalingClient.Closed;
import io.magicshield.it.video.TestPattern;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Clients that walk away, with short timeouts (3 s to start and to offer, 4 s without media, 2 s of lost
 * connection): a socket that never starts, a session that never offers, an offer whose ICE never connects (no
 * candidates, or unreachable ones), a peer that vanishes mid-stream, and a real browser killed with SIGKILL while
 * streaming. Each is reaped within its timeout, and at the end the server holds nothing more than before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbandonedPeersIT extends ServerTest {

    private static final int OFFER_TIMEOUT = 3;
    private static final int MEDIA_TIMEOUT = 4;
    private static final int DISCONNECT_GRACE = 2;
    /** Deadlines are checked once a second; a little more for the round trip. */
    private static final double LATENESS = 1.5;

    private static final int FPS = 30;

    private static LeakCheck leaks;

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of(
                "magicshield.sessions.offer-timeout-seconds",
                Integer.toString(OFFER_TIMEOUT),
                "magicshield.sessions.media-timeout-seconds",
                Integer.toString(MEDIA_TIMEOUT),
                "magicshield.sessions.disconnect-grace-seconds",
                Integer.toString(DISCONNECT_GRACE)));
    }

    @BeforeAll
    static void baseline() {
        leaks = LeakCheck.begin("abandoned");
    }

    @Test
    @Order(1)
    void aSocketThatNeverStartsIsClosed() {
        try (SignalingClient client = SignalingClient.connect(SIGNALING)) {
            long opened = System.nanoTime();
            JsonObject ended = client.await("ended");
            Closed closed = client.awaitClose();
            double after = seconds(opened);
            System.out.printf("[abandoned] socket without start: %s after %.1f s, closed %s%n", ended, after, closed);
            assertEquals("offer_timeout", ended.getString("reason"));
            assertEquals(1000, closed.code());
            assertReapedInTime(after, OFFER_TIMEOUT);
        }
    }

    @Test
    @Order(2)
    void aSessionThatNeverOffersIsEnded() {
        try (SignalingClient client = SignalingClient.connect(SIGNALING)) {
            client.send(start());
            client.await("ready");
            long started = System.nanoTime();
            JsonObject ended = client.await("ended");
            double after = seconds(started);
            System.out.printf("[abandoned] session without an offer: %s after %.1f s%n", ended, after);
            assertEquals("offer_timeout", ended.getString("reason"));
            assertEquals(1000, client.awaitClose().code());
            assertReapedInTime(after, OFFER_TIMEOUT);
        }
    }

    /** The page sends its offer but never a candidate and never applies the answer: ICE has nothing to check. */
    @Test
    @Order(3)
    void anOfferWithoutCandidatesIsEndedForWantOfMedia() {
        try (SignalingClient client = SignalingClient.connect(SIGNALING);
                WebRtcTestPeer peer = new WebRtcTestPeer(List.of(), VideoFrame::release)) {
            long offered = startAndOffer(client, peer);
            JsonObject ended = client.await("ended");
            double after = seconds(offered);
            System.out.printf("[abandoned] offer, no ICE: %s after %.1f s%n", ended, after);
            assertEquals("media_timeout", ended.getString("reason"));
            assertReapedInTime(after, MEDIA_TIMEOUT);
        }
    }

    /** The page's only candidates point at closed ports: ICE checks go unanswered. */
    @Test
    @Order(4)
    void anOfferWithUnreachableCandidatesIsEnded() {
        try (SignalingClient client = SignalingClient.connect(SIGNALING);
                WebRtcTestPeer peer = new WebRtcTestPeer(List.of(), VideoFrame::release)) {
            long offered = startAndOffer(client, peer);
            for (int port = 9; port < 12; port++) {
                client.send(HostileMessages.candidate(port));
            }
            JsonObject ended = client.await("ended");
            double after = seconds(offered);
            System.out.printf("[abandoned] offer, unreachable candidates: %s after %.1f s%n", ended, after);
            assertTrue(Set.of("media_timeout", "ice_failed").contains(ended.getString("reason")), ended.toString());
            assertReapedInTime(after, MEDIA_TIMEOUT);
        }
    }

    /** A streaming page whose peer disappears (its network gone) while its signaling socket stays open. */
    @Test
    @Order(5)
    void aPeerThatVanishesMidStreamIsEnded() {
        try (StreamingClient client = StreamingClient.start(SIGNALING, TestPattern.shots(320, 240, FPS), FPS)) {
            client.awaitFrames(FPS, Duration.ofSeconds(10));
            client.dropMedia();
            long dropped = System.nanoTime();
            JsonObject ended = client.signaling().await("ended");
            double after = seconds(dropped);
            System.out.printf("[abandoned] peer gone mid-stream: %s after %.1f s%n", ended, after);
            assertTrue(
                    Set.of("media_timeout", "connection_lost", "ice_failed").contains(ended.getString("reason")),
                    ended.toString());
            assertReapedInTime(after, MEDIA_TIMEOUT);
        }
    }

    /** A real browser, streaming, killed with SIGKILL: no unload, no close frame, no goodbye. */
    @Test
    @Order(6)
    void aBrowserKilledMidStreamIsReaped() throws Exception {
        PrometheusScrape before = PrometheusScrape.now();
        long killedAt;
        int killed;
        try (ChromiumBrowser browser = new ChromiumBrowser(PatternCamera.file(), PatternCamera.workDir())) {
            browser.driver().get(BASE + "?autostart");
            PageProbe.Sample live = new PageProbe(browser.driver())
                    .await(s -> "live".equals(s.state()) && s.remoteSize() != null, Duration.ofSeconds(30));
            assertEquals("live", live.state(), "the page went live; banner: " + live.banner());
            ServerResources streaming = ServerResources.await(
                    r -> r.framesReceived() > before.value("magicshield_frames_received_total") + FPS,
                    Duration.ofSeconds(10));
            assertEquals(1, streaming.sessions(), "the browser's session");
            killed = browser.kill();
            killedAt = System.nanoTime();
        }
        ServerResources reaped =
                ServerResources.await(r -> r.sessions() == 0 && r.peers() == 0, Duration.ofSeconds(MEDIA_TIMEOUT + 10));
        double after = seconds(killedAt);
        PrometheusScrape now = PrometheusScrape.now();
        String reason = List.of("socket_closed", "media_timeout", "connection_lost", "ice_failed").stream()
                .filter(r -> now.valueOrZero(ended(r)) > before.valueOrZero(ended(r)))
                .findFirst()
                .orElse("?");
        System.out.printf(
                "[abandoned] browser killed (%d processes, SIGKILL) mid-stream: session ended (%s) and "
                        + "peer closed %.1f s later%n",
                killed, reason, after);
        assertEquals(0, reaped.sessions());
        assertEquals(0, reaped.peers());
        assertReapedInTime(after, MEDIA_TIMEOUT);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void nothingIsLeftOfThem() {
        leaks.assertNothingLeft(4);
    }

    /** Starts a session and sends the peer's offer, leaving ICE to the caller; returns when the offer went out. */
    private static long startAndOffer(SignalingClient client, WebRtcTestPeer peer) {
        client.send(start());
        client.await("ready");
        client.send(offer(Await.result(peer.createOffer(), SignalingClient.TIMEOUT, "the offer")));
        long offered = System.nanoTime();
        client.await("answer");
        return offered;
    }

    private static String ended(String reason) {
        return "magicshield_sessions_ended_total{reason=\"" + reason + "\"}";
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static void assertReapedInTime(double seconds, int timeout) {
        assertTrue(seconds <= timeout + LATENESS, "reaped after " + seconds + " s; the timeout is " + timeout + " s");
    }
}
