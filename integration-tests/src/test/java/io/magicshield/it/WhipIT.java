package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.browser.ChromiumBrowser;
import io.magicshield.it.browser.WhipScript;
import io.magicshield.it.rtc.FrameSender.Shot;
import io.magicshield.it.rtc.WhepPlayer;
import io.magicshield.it.rtc.WhipPublisher;
import io.magicshield.it.server.ServerResources;
import io.magicshield.it.video.ClipFrames;
import io.magicshield.it.video.PalmCamera;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * WHIP ingest end to end: a Java publisher (webrtc-java) and a minimal one in Chromium (fetch and RTCPeerConnection,
 * its fake camera playing clip01) publish an open palm with a bearer token; a Java WHEP player plays the processed
 * stream and sees the shield. A second publisher joins the first one's room as its second tile. Hostile requests
 * over the real server (no token, a forged or expired one, the wrong content type, an oversize or audio-only offer,
 * a codec the server cannot decode, DELETE of an unknown session, PATCH) are refused with their status while the
 * published stream plays on; afterwards no session, peer or socket is left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WhipIT extends ServerTest {

    private static final String TOKEN = "whip-it-token-0123456789";
    private static final String SECRET = "whip-it-signing-secret-0123";
    /** The operator's token (the sources API's), for the list of streams. */
    private static final String OPERATOR = "whip-it-operator-token-0123";

    private static final URI WHIP = BASE.resolve("/whip");
    /** As RoomIT: a shield covers about 5% of the frame with gold; clip01's picture has well under 1%. */
    private static final double MIN_SHIELD_GOLD = 0.02;

    private static final Duration LIVE_WAIT = Duration.ofSeconds(45);

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of(
                "magicshield.whip.tokens", TOKEN,
                "magicshield.whip.token-secret", SECRET,
                "magicshield.sources.token", OPERATOR));
    }

    @Test
    @Order(1)
    void aJavaPublisherIsProcessedAndPlaysByWhepWhileHostileRequestsAreRefused() {
        List<Shot> shots = ClipFrames.load(TestData.clip01(), PalmCamera.WIDTH, PalmCamera.HEIGHT).stream()
                .map(frame -> new Shot(frame.number(), frame.image()))
                .toList();
        try (WhipPublisher publisher = new WhipPublisher(signed(Instant.now().getEpochSecond() + 600))) {
            long start = System.nanoTime();
            WhipPublisher.Answer answer = publisher.publish(WHIP, shots, PalmCamera.FPS);
            System.out.printf(
                    "[whip] Java publisher: %d, Location %s, ETag %s, Link %s%n",
                    answer.status(), answer.location(), answer.etag(), answer.links());
            assertEquals(201, answer.status(), answer.body());
            assertTrue(
                    answer.location()
                            .matches("/whip/([A-Za-z0-9_-]{22})\\.1/[0-9a-f-]{36};jsessionid=\\1\\.[A-Za-z0-9_.-]+"),
                    "a new room's first stream: " + answer.location());
            assertNotNull(answer.etag());
            assertTrue(answer.body().startsWith("v=0") && answer.body().contains("a=candidate"), answer.body());
            String stream = answer.streamId();
            await(() -> publisher.processedBack() > 0, "the processed video back on the publishing connection");
            System.out.printf(
                    "[whip] first processed frame back %.0f ms after the POST was made (shared 2-core machine)%n",
                    (System.nanoTime() - start) / 1e6);

            try (WhepPlayer player = new WhepPlayer()) {
                assertEquals(201, player.play(BASE.resolve("/whep/" + stream)).status());
                await(() -> player.frames() >= 60 && player.maxGold() >= MIN_SHIELD_GOLD, "the shield by WHEP");
                System.out.printf(
                        "[whip] WHEP player on %s: %d frames, most shield gold %.3f%n",
                        stream, player.frames(), player.maxGold());

                refusesHostileRequests(stream);
                int framesBefore = player.frames();
                int backBefore = publisher.processedBack();
                Await.pause(Duration.ofSeconds(2));
                System.out.printf(
                        "[whip] after the hostile requests: %d more frames played, %d more back%n",
                        player.frames() - framesBefore, publisher.processedBack() - backBefore);
                assertTrue(player.frames() > framesBefore + 10, "the stream plays on");

                // another publisher joins the same room: its second tile
                String roomId = stream.substring(0, stream.indexOf('.'));
                try (WhipPublisher second = new WhipPublisher(TOKEN)) {
                    WhipPublisher.Answer joined = second.publish(BASE.resolve("/whip/" + roomId), shots, 15);
                    System.out.printf(
                            "[whip] a second publisher to /whip/%s: %d, Location %s%n",
                            roomId, joined.status(), joined.location());
                    assertEquals(201, joined.status(), joined.body());
                    assertEquals(roomId + ".2", joined.streamId());

                    // the operator's list of streams: both publishers, oldest first; nothing without the token
                    JsonArray listed = streams();
                    System.out.println("[whip] the operator's list of streams: " + listed);
                    assertEquals(
                            List.of(stream, joined.streamId()),
                            listed.stream()
                                    .map(s -> s.asJsonObject().getString("streamId"))
                                    .toList());
                    assertTrue(listed.stream()
                            .allMatch(s -> "whip".equals(s.asJsonObject().getString("kind"))
                                    && s.asJsonObject()
                                            .getString("whep")
                                            .equals("/whep/" + s.asJsonObject().getString("streamId"))));
                    HttpResponse<String> anonymous = send(HttpRequest.newBuilder(BASE.resolve("/api/streams")));
                    assertEquals(401, anonymous.statusCode());
                    assertFalse(anonymous.body().contains(stream), "no stream named without the token");
                    HttpResponse<String> publisherToken = send(HttpRequest.newBuilder(BASE.resolve("/api/streams"))
                            .header("Authorization", "Bearer " + TOKEN));
                    assertEquals(401, publisherToken.statusCode(), "a publishing token lists nothing");
                    assertEquals(200, second.stop());
                }

                assertEquals(200, publisher.stop(), "DELETE ends the publishing session");
                assertEquals(404, whep(stream).statusCode(), "its stream is gone for new players");
                assertEquals(0, streams().size(), "and from the operator's list");
            }
        }
        ServerResources idle = ServerResources.await(ServerResources::idle, Duration.ofSeconds(30));
        assertTrue(idle.idle(), "sessions, peers and sockets all gone: " + idle.describe());
    }

    private static JsonArray streams() {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(BASE.resolve("/api/streams")).header("Authorization", "Bearer " + OPERATOR));
        assertEquals(200, response.statusCode(), response.body());
        return Json.createReader(new StringReader(response.body())).readObject().getJsonArray("streams");
    }

    private static void refusesHostileRequests(String stream) {
        String offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\na=sendonly\r\na=rtpmap:96 VP8/90000\r\n";
        String bearer = "Bearer " + TOKEN;
        Map<String, HttpResponse<String>> refused = new java.util.LinkedHashMap<>();
        refused.put("401 no token", post(WHIP, null, "application/sdp", offer));
        refused.put("401 unknown token", post(WHIP, "Bearer not-the-token-0123456", "application/sdp", offer));
        refused.put(
                "401 expired",
                post(WHIP, "Bearer " + signed(Instant.now().getEpochSecond() - 1), "application/sdp", offer));
        refused.put(
                "401 forged",
                post(
                        WHIP,
                        "Bearer " + (Instant.now().getEpochSecond() + 600) + "." + "A".repeat(43),
                        "application/sdp",
                        offer));
        refused.put("415 wrong type", post(WHIP, bearer, "text/plain", offer));
        refused.put("413 huge", post(WHIP, bearer, "application/sdp", "v=0\r\n" + "a=x\r\n".repeat(20_000)));
        refused.put("400 not SDP", post(WHIP, bearer, "application/sdp", "hello"));
        refused.put(
                "400 no video", post(WHIP, bearer, "application/sdp", offer.substring(0, offer.indexOf("m=video"))));
        refused.put("400 H265", post(WHIP, bearer, "application/sdp", offer.replace("VP8", "H265")));
        refused.put("400 malformed", post(WHIP, bearer, "application/sdp", offer + "m=video x y z\r\na=garbage\r\n"));
        refused.put(
                "404 unknown room",
                post(BASE.resolve("/whip/AAAAAAAAAAAAAAAAAAAAAA"), bearer, "application/sdp", offer));
        refused.put(
                "404 DELETE unknown",
                send(HttpRequest.newBuilder(BASE.resolve("/whip/" + stream + "/00000000-0000-0000-0000-000000000000"))
                        .header("Authorization", bearer)
                        .DELETE()));
        refused.put(
                "401 DELETE without token",
                send(HttpRequest.newBuilder(BASE.resolve("/whip/" + stream + "/00000000-0000-0000-0000-000000000000"))
                        .DELETE()));
        refused.put(
                "405 PATCH",
                send(HttpRequest.newBuilder(BASE.resolve("/whip/" + stream + "/00000000-0000-0000-0000-000000000000"))
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("a=candidate"))));
        refused.forEach((what, response) -> {
            System.out.printf("[whip] %s: %d %s", what, response.statusCode(), response.body());
            assertEquals(Integer.parseInt(what.substring(0, 3)), response.statusCode(), what + ": " + response.body());
            assertFalse(response.body().contains(TOKEN), "the token is never echoed");
        });
    }

    @Test
    @Order(2)
    void chromiumPublishesWithFetchAndRtcPeerConnection() throws Exception {
        Path work = TestData.outputDir().resolve("whip");
        try (ChromiumBrowser browser = new ChromiumBrowser(PalmCamera.file(work), work.resolve("chromium"))) {
            browser.driver().get(BASE.toString());
            Map<String, Object> published = WhipScript.publish(browser.driver(), WHIP.toString(), TOKEN);
            System.out.println("[whip] Chromium publisher: " + published);
            assertEquals(201L, published.get("status"), published.toString());
            String location = (String) published.get("location");
            String stream = location.split("/")[2];
            try (WhepPlayer player = new WhepPlayer()) {
                assertEquals(201, player.play(BASE.resolve("/whep/" + stream)).status());
                await(() -> player.frames() >= 60 && player.maxGold() >= MIN_SHIELD_GOLD, "the shield by WHEP");
                System.out.printf(
                        "[whip] WHEP player on Chromium's %s: %d frames, most shield gold %.3f%n",
                        stream, player.frames(), player.maxGold());
            }
            HttpResponse<String> deleted = send(HttpRequest.newBuilder(BASE.resolve(location))
                    .header("Authorization", "Bearer " + TOKEN)
                    .DELETE());
            assertEquals(200, deleted.statusCode(), deleted.body());
        }
        ServerResources idle = ServerResources.await(ServerResources::idle, Duration.ofSeconds(30));
        assertTrue(idle.idle(), "sessions, peers and sockets all gone: " + idle.describe());
    }

    /** A token signed as docs/protocol.md says, computed here independently of the server's code. */
    private static String signed(long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return expiry + "."
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(mac.doFinal(("whip:" + expiry).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long until = System.nanoTime() + LIVE_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("no " + what + " within " + LIVE_WAIT.toSeconds() + " s");
            }
            Await.pause(Duration.ofMillis(200));
        }
    }

    private static HttpResponse<String> post(URI uri, String authorization, String type, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private static HttpResponse<String> whep(String stream) {
        return post(BASE.resolve("/whep/" + stream), null, "application/sdp", "v=0\r\n");
    }
}
