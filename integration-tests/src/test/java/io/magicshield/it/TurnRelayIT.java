package io.magicshield.it;

import static io.magicshield.it.signaling.ClientMessages.start;
import static io.magicshield.it.signaling.ClientMessages.stop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import io.magicshield.it.browser.ChromiumBrowser;
import io.magicshield.it.browser.PageProbe;
import io.magicshield.it.browser.PatternCamera;
import io.magicshield.it.rtc.Negotiation;
import io.magicshield.it.rtc.WebRtcTestPeer;
import io.magicshield.it.server.ServerLog;
import io.magicshield.it.signaling.SignalingClient;
import io.magicshield.it.turn.TurnServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * TURN for real: Debian's coturn on 127.0.0.1 with a secret made for this run ({@code use-auth-secret}), the server
 * configured with its URL and the same secret. Pages get time-limited HMAC credentials and never the secret; coturn
 * accepts the server's credentials and refuses expired or forged ones; and a browser with
 * {@code iceTransportPolicy: "relay"} ({@code /?relay}) gets the processed video back through the relay.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TurnRelayIT extends ServerTest {

    private static final int TURN_PORT = TurnServer.freeUdpPort();
    private static final String SECRET = TurnServer.newSecret();
    private static final int TTL_SECONDS = 600;
    private static final Duration GATHERING = Duration.ofSeconds(10);

    private static TurnServer turn;

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of(
                "magicshield.ice.turn-urls",
                TurnServer.url(TURN_PORT),
                "magicshield.ice.turn-secret",
                SECRET,
                "magicshield.ice.turn-ttl-seconds",
                Integer.toString(TTL_SECONDS)));
    }

    @BeforeAll
    static void startTurn() throws Exception {
        turn = TurnServer.start(TURN_PORT, SECRET, TestData.outputDir().resolve("turn"));
    }

    @AfterAll
    static void stopTurn() {
        if (turn != null) {
            turn.close();
        }
    }

    @Test
    @Order(1)
    void pagesGetTimeLimitedHmacCredentialsAndNeverTheSecret() {
        JsonObject ready;
        Instant asked = Instant.now();
        try (SignalingClient client = SignalingClient.connect(SIGNALING)) {
            client.send(start());
            ready = client.await("ready");
            client.send(stop());
            client.await("ended");
        }
        JsonObject entry = ready.getJsonArray("iceServers").getJsonObject(0);
        String username = entry.getString("username");
        String credential = entry.getString("credential");
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        System.out.println("[turn] ready's TURN entry: " + entry);
        assertEquals(
                List.of(TurnServer.url(TURN_PORT)), entry.getJsonArray("urls").getValuesAs(JsonString::getString));
        assertEquals(
                ready.getString("sessionId"),
                username.substring(username.indexOf(':') + 1),
                "username <expiry>:<sessionId>");
        assertTrue(
                Math.abs(expiry - asked.plusSeconds(TTL_SECONDS).getEpochSecond()) <= 5,
                "the credentials expire after the configured lifetime: " + expiry);
        assertEquals(hmac(SECRET, username), credential, "credential = base64(HMAC-SHA1(secret, username))");

        for (String place : List.of("", "js/app.js", "js/shield-session.js", "js/chart.js", "metrics")) {
            assertFalse(get(place).body().contains(SECRET), "the secret is not in /" + place);
        }
        assertFalse(get(READINESS).body().contains(SECRET), "the secret is not in the health data");
        assertFalse(ready.toString().contains(SECRET), "the secret is not in ready");
        assertEquals(0, ServerLog.whole().count(SECRET), "the secret is not in server.log");
    }

    @Test
    @Order(2)
    void coturnAcceptsTheServersCredentialsAndRefusesExpiredOrForgedOnes() throws Exception {
        JsonObject ready;
        try (SignalingClient client = SignalingClient.connect(SIGNALING)) {
            client.send(start());
            ready = client.await("ready");
            client.send(stop());
            client.await("ended");
        }
        String username = ready.getJsonArray("iceServers").getJsonObject(0).getString("username");
        String id = username.substring(username.indexOf(':') + 1);
        String expired = (Instant.now().getEpochSecond() - 60) + ":" + id;
        String future = (Instant.now().getEpochSecond() + 60) + ":" + id;

        Relay issued = relayCandidates(Negotiation.iceServers(ready));
        Relay expiredOnes = relayCandidates(List.of(server(expired, hmac(SECRET, expired))));
        Relay forged = relayCandidates(List.of(server(future, hmac("not-the-secret", future))));
        System.out.println("[turn] the server's credentials: " + issued);
        System.out.println("[turn] correctly signed but expired a minute ago: " + expiredOnes);
        System.out.println("[turn] signed with another secret: " + forged);
        assertFalse(issued.candidates().isEmpty(), "coturn allocated a relay with the server's credentials");
        assertTrue(issued.candidates().stream().allMatch(c -> c.contains(" typ relay ")), issued.toString());
        assertTrue(expiredOnes.candidates().isEmpty(), "expired credentials refused: " + expiredOnes);
        assertTrue(forged.candidates().isEmpty(), "forged credentials refused: " + forged);
        assertTrue(expiredOnes.errors().stream().anyMatch(e -> e.startsWith("401")), expiredOnes.toString());
        assertTrue(forged.errors().stream().anyMatch(e -> e.startsWith("401")), forged.toString());
    }

    /** A browser that may only use the relay, on the server's credentials, gets processed video back through it. */
    @Test
    @Order(3)
    void aRelayOnlyBrowserSessionGetsProcessedVideoThroughCoturn() throws Exception {
        double framesBefore = PrometheusScrape.now().value("magicshield_frames_processed_total");
        PageProbe.Sample live;
        PageProbe.Sample later;
        long start = System.nanoTime();
        try (ChromiumBrowser browser = new ChromiumBrowser(PatternCamera.file(), PatternCamera.workDir())) {
            browser.driver().get(BASE + "?autostart&relay");
            PageProbe page = new PageProbe(browser.driver());
            live = page.await(
                    s -> s.route() != null && s.remoteSize() != null || "error".equals(s.state()),
                    Duration.ofSeconds(30));
            Thread.sleep(3000); // the stats panel fills in
            later = page.sample();
        }
        double processed = PrometheusScrape.now().value("magicshield_frames_processed_total") - framesBefore;
        List<String> allocations = turn.logLines("ALLOCATE processed, success");
        System.out.printf(
                "[turn] relay-only page: state %s after %.1f s, route %s, remote video %s, panel %s%n",
                live.state(), (System.nanoTime() - start) / 1e9, later.route(), later.remoteSize(), later.panel());
        System.out.printf(
                "[turn] %.0f frames processed by the server meanwhile; coturn logged %d successful " + "allocations%n",
                processed, allocations.size());
        assertEquals("live", live.state(), "the page went live; banner: " + live.banner());
        assertNotNull(later.route(), "the page reports its media route");
        assertEquals("relay", later.route().get("local"), "the page's end of the pair is a relay candidate");
        assertEquals("relayed (TURN over udp)", later.panel().get("route"));
        assertNotNull(later.remoteSize(), "processed video arrives");
        assertTrue(
                later.panel().get("fps").matches("\\d+ / \\d+ fps"),
                later.panel().get("fps"));
        assertTrue(processed > 30, "the server processed the page's camera: " + processed);
        assertFalse(allocations.isEmpty(), "coturn allocated the relay");
    }

    private record Relay(List<String> candidates, List<String> errors) {}

    /** Gathers with relay candidates only and these ICE servers; returns what was gathered and the errors. */
    private static Relay relayCandidates(List<RTCIceServer> servers) {
        try (WebRtcTestPeer peer = new WebRtcTestPeer(servers, VideoFrame::release, true)) {
            Await.result(peer.createOffer(), GATHERING, "the offer");
            Await.result(peer.gatheringComplete(), GATHERING, "candidate gathering");
            return new Relay(
                    peer.takeLocalCandidates().stream()
                            .map((RTCIceCandidate c) -> c.sdp)
                            .toList(),
                    peer.candidateErrors());
        }
    }

    private static RTCIceServer server(String username, String credential) {
        RTCIceServer server = new RTCIceServer();
        server.urls = List.of(TurnServer.url(TURN_PORT));
        server.username = username;
        server.password = credential;
        return server;
    }

    /** coturn's REST API password: base64(HMAC-SHA1(secret, username)). */
    private static String hmac(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
