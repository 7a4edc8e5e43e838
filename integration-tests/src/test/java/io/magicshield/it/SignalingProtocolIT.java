package io.magicshield.it;

import static io.magicshield.it.signaling.ClientMessages.endOfCandidates;
import static io.magicshield.it.signaling.ClientMessages.ice;
import static io.magicshield.it.signaling.ClientMessages.offer;
import static io.magicshield.it.signaling.ClientMessages.options;
import static io.magicshield.it.signaling.ClientMessages.start;
import static io.magicshield.it.signaling.ClientMessages.stop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.media.video.VideoFrame;
import io.magicshield.core.EffectOption;
import io.magicshield.it.rtc.Negotiation;
import io.magicshield.it.rtc.WebRtcTestPeer;
import io.magicshield.it.signaling.SignalingClient;
import io.magicshield.it.signaling.SignalingClient.Closed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * docs/protocol.md over a real WebSocket: the happy path with a real WebRTC offer, then every kind of bad message
 * with the error or close it must get; afterwards the server must still be ready and start sessions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignalingProtocolIT extends ServerUnderTest {

    /** The page's own origin (Origin matches the Host it connects to): always allowed. */
    private static final String PAGE_ORIGIN = ORIGIN;

    private static final int NORMAL_CLOSURE = 1000;
    private static final int POLICY_VIOLATION = 1008;
    private static final int MESSAGE_TOO_BIG = 1009;
    /** magicshield.signaling.max-message-bytes and .max-errors (defaults). */
    private static final int MAX_MESSAGE_BYTES = 65536;

    private static final int MAX_ERRORS = 20;

    @Test
    @Order(1)
    void happyPathFromStartToStop() {
        try (SignalingClient signaling = SignalingClient.connect(SIGNALING, PAGE_ORIGIN)) {
            signaling.send(start(Json.createObjectBuilder()
                    .add("mirror", true)
                    .add("openThreshold", 0.9)
                    .add("handLines", false)
                    .build()));
            JsonObject ready = signaling.await("ready");
            System.out.println("[signaling] ready: " + ready);
            UUID.fromString(ready.getString("sessionId"));
            assertTrue(ready.getJsonArray("iceServers") != null, "iceServers");
            JsonObject effect = ready.getJsonObject("options");
            assertEquals(0.9, effect.getJsonNumber("openThreshold").doubleValue(), 1e-9, "the page's option");
            assertFalse(effect.getBoolean("handLines"), "the page's option");
            assertTrue(effect.getBoolean("mirror"));
            assertEquals(2, effect.getInt("maxHands"), "a server default");
            assertEquals("full", effect.getString("model"), "a server default");
            assertEquals(900, ready.getInt("maxDurationSeconds"));
            assertEquals(60, ready.getInt("warningSeconds"));

            try (WebRtcTestPeer peer = new WebRtcTestPeer(Negotiation.iceServers(ready), VideoFrame::release)) {
                Negotiation.Result negotiated = Negotiation.run(signaling, peer);
                System.out.printf(
                        "[signaling] offer %d bytes, answer %d bytes, candidates sent %d, received %d, "
                                + "connected after %d ms%n",
                        negotiated.offerSdp().length(),
                        negotiated.answerSdp().length(),
                        negotiated.candidatesSent(),
                        negotiated.candidatesReceived(),
                        negotiated.millisToConnected());
                assertTrue(negotiated.answerSdp().startsWith("v=0"));
                assertTrue(negotiated.answerSdp().contains("m=video"), "the answer takes the video");
                assertTrue(negotiated.answerSdp().contains("a=sendrecv"), "processed video comes back on it");
                assertTrue(negotiated.answerSdp().contains("m=application"), "the stats DataChannel");
                assertTrue(negotiated.candidatesSent() > 0, "our candidates were trickled");
                assertTrue(negotiated.candidatesReceived() > 0, "the server trickled its candidates");
                signaling.send(endOfCandidates());

                signaling.send(options(
                        Json.createObjectBuilder().add("landmarkDebug", true).build()));
                JsonObject inForce = signaling.await("options").getJsonObject("options");
                assertTrue(inForce.getBoolean("landmarkDebug"), "the change");
                assertEquals(0.9, inForce.getJsonNumber("openThreshold").doubleValue(), 1e-9, "kept from start");
                assertEquals(EffectOption.values().length, inForce.size(), "all options in force: " + inForce);

                signaling.send(stop());
                assertEquals("stopped", signaling.await("ended").getString("reason"));
                assertEquals(new Closed(NORMAL_CLOSURE, "session ended: stopped"), signaling.awaitClose());
            }
            assertNoErrors(signaling);
        }
    }

    @Test
    @Order(2)
    void malformedJsonIsRefusedAndIgnored() {
        try (SignalingClient signaling = SignalingClient.connect(SIGNALING)) {
            for (String bad : List.of(
                    "not json",
                    "[1, 2]",
                    "\"start\"",
                    "",
                    "{\"type\": \"start\"",
                    "{\"type\": \"start\"} {}",
                    "{\"type\": \"start\", \"type\": \"stop\"}")) {
                signaling.send(bad);
                String message = signaling.expectError("BAD_JSON");
                System.out.println("[signaling] BAD_JSON for '" + bad + "': " + message);
            }
            startAndStop(signaling); // none of them started anything, and the socket is still usable
        }
    }

    @Test
    @Order(3)
    void binaryFramesAreRefused() {
        try (SignalingClient signaling = SignalingClient.connect(SIGNALING)) {
            signaling.sendBinary("{\"type\": \"start\"}".getBytes());
            // a binary message is a background picture: this one is not a PNG or JPEG
            System.out.println(
                    "[signaling] IMAGE_REFUSED for a binary frame: " + signaling.expectError("IMAGE_REFUSED"));
            startAndStop(signaling);
        }
    }

    @Test
    @Order(4)
    void unknownTypesAreRefused() {
        try (SignalingClient signaling = SignalingClient.connect(SIGNALING)) {
            for (String type : List.of("dance", "Start", "answer", "ping")) {
                signaling.send(Json.createObjectBuilder().add("type", type).build());
                System.out.println(
                        "[signaling] UNKNOWN_TYPE for '" + type + "': " + signaling.expectError("UNKNOWN_TYPE"));
            }
            startAndStop(signaling);
        }
    }

    @Test
    @Order(5)
    void badFieldsAreRefused() {
        try (SignalingClient signaling = SignalingClient.connect(SIGNALING)) {
            for (String bad : List.of(
                    "{}",
                    "{\"type\": 5}",
                    "{\"type\": \"start\", \"extra\": 1}",
                    "{\"type\": \"start\", \"options\": []}",
                    "{\"type\": \"start\", \"options\": {\"warp\": true}}",
                    "{\"type\": \"start\", \"options\": {\"maxHands\": 9}}",
                    "{\"type\": \"start\", \"options\": {\"maxHands\": 2.0}}",
                    "{\"type\": \"start\", \"options\": {\"openThreshold\": \"high\"}}",
                    "{\"type\": \"start\", \"options\": {\"model\": \"huge\"}}",
                    "{\"type\": \"start\", \"options\": {\"mirror\": 1}}",
                    "{\"type\": \"offer\"}",
                    "{\"type\": \"offer\", \"sdp\": \"hello\"}",
                    "{\"type\": \"ice\", \"candidate\": \"candidate:1 1 udp 1 192.0.2.1 9 typ host\"}",
                    "{\"type\": \"ice\", \"candidate\": \"x\", \"sdpMid\": \"0\", \"sdpMLineIndex\": 300}",
                    "{\"type\": \"options\", \"options\": {}}",
                    "{\"type\": \"options\"}",
                    "{\"type\": \"stop\", \"now\": true}")) {
                signaling.send(bad);
                System.out.println("[signaling] BAD_FIELD for " + bad + ": " + signaling.expectError("BAD_FIELD"));
            }
            startAndStop(signaling);
        }
    }

    @Test
    @Order(6)
    void messagesOverTheSizeLimitAreRefused() {
        try (SignalingClient signaling = SignalingClient.connect(SIGNALING)) {
            signaling.send(padded(MAX_MESSAGE_BYTES + 1));
            System.out.println("[signaling] TOO_LARGE: " + signaling.expectError("TOO_LARGE"));
            startAndStop(signaling);
        }
    }

    /** docs/protocol.md: "frames over 1 MiB are closed by the container with 1009", unread by the application. */
    @Test
    @Order(7)
    void messagesOverTheFrameLimitAreClosedByTheContainer() {
        try (SignalingClient signaling = SignalingClient.connect(SIGNALING)) {
            signaling.send(padded(2 * 1024 * 1024));
            JsonObject answer = signaling.poll(Duration.ofSeconds(5));
            assertNull(answer, "the server read a 2 MiB message instead of closing the connection: " + answer);
            Closed closed = signaling.awaitClose();
            System.out.println("[signaling] a 2 MiB message: closed " + closed);
            assertEquals(MESSAGE_TOO_BIG, closed.code());
        }
    }

    @Test
    @Order(8)
    void messagesBeforeStartAreOutOfOrder() {
        try (SignalingClient signaling = SignalingClient.connect(SIGNALING)) {
            signaling.send(offer("v=0\r\n"));
            System.out.println("[signaling] offer before start: " + signaling.expectError("OUT_OF_ORDER"));
            signaling.send(ice("candidate:1 1 udp 1 192.0.2.1 9 typ host", "0", 0));
            System.out.println("[signaling] ice before start: " + signaling.expectError("OUT_OF_ORDER"));
            signaling.send(
                    options(Json.createObjectBuilder().add("mirror", false).build()));
            System.out.println("[signaling] options before start: " + signaling.expectError("OUT_OF_ORDER"));

            signaling.send(start());
            signaling.await("ready");
            signaling.send(start());
            System.out.println("[signaling] a second start: " + signaling.expectError("OUT_OF_ORDER"));
            signaling.send(ice("candidate:1 1 udp 1 192.0.2.1 9 typ host", "0", 0));
            System.out.println("[signaling] ice before the offer: " + signaling.expectError("OUT_OF_ORDER"));
            stopAndExpectEnd(signaling);
        }
    }

    @Test
    @Order(9)
    void afterTheOfferASecondOfferIsOutOfOrderAndBadCandidatesAreRefused() {
        try (SignalingClient signaling = SignalingClient.connect(SIGNALING);
                WebRtcTestPeer peer = new WebRtcTestPeer(List.of(), VideoFrame::release)) {
            signaling.send(start());
            signaling.await("ready");
            String sdp = Await.result(peer.createOffer(), SignalingClient.TIMEOUT, "the offer");
            signaling.send(offer(sdp));
            signaling.await("answer");
            signaling.send(offer(sdp));
            System.out.println("[signaling] a second offer: " + signaling.expectError("OUT_OF_ORDER"));
            signaling.send(start());
            System.out.println("[signaling] start after the offer: " + signaling.expectError("OUT_OF_ORDER"));
            signaling.send(ice("candidate:this is not a candidate", "0", 0));
            System.out.println("[signaling] an unparsable candidate: " + signaling.expectError("BAD_FIELD"));
            // the session goes on
            signaling.send(
                    options(Json.createObjectBuilder().add("handLines", false).build()));
            assertFalse(signaling.await("options").getJsonObject("options").getBoolean("handLines"));
            stopAndExpectEnd(signaling);
        }
    }

    @Test
    @Order(10)
    void nothingIsAcceptedAfterStop() {
        // stop before start: the socket ends at once; a start right behind it must not start a session (the client
        // may find its side closed already: the server answers a stop within a millisecond)
        try (SignalingClient signaling = SignalingClient.connect(SIGNALING)) {
            signaling.send(stop());
            boolean sent = signaling.sendIfOpen(start());
            JsonObject ended = signaling.next();
            assertEquals("ended", ended.getString("type"));
            assertEquals("stopped", ended.getString("reason"));
            assertEquals(NORMAL_CLOSURE, signaling.awaitClose().code());
            System.out.println("[signaling] stop, then start " + (sent ? "sent" : "refused by the closing socket")
                    + ": " + ended + ", then " + signaling.pending());
            assertTrue(
                    signaling.pending().stream()
                            .noneMatch(m -> m.getString("type").equals("ready")),
                    "no session after stop: " + signaling.pending());
        }
        // stop of a running session: options right behind it get no answer
        try (SignalingClient signaling = SignalingClient.connect(SIGNALING)) {
            signaling.send(start());
            signaling.await("ready");
            signaling.send(stop());
            boolean sent = signaling.sendIfOpen(
                    options(Json.createObjectBuilder().add("mirror", false).build()));
            JsonObject ended = signaling.next();
            assertEquals("ended", ended.getString("type"));
            Closed closed = signaling.awaitClose();
            System.out.println("[signaling] stop, then options " + (sent ? "sent" : "refused by the closing socket")
                    + ": " + ended + ", closed " + closed + ", then " + signaling.pending());
            assertEquals(NORMAL_CLOSURE, closed.code());
            assertTrue(
                    signaling.pending().stream()
                            .noneMatch(m -> m.getString("type").equals("options")),
                    "options after stop were not applied: " + signaling.pending());
        }
    }

    @Test
    @Order(11)
    void tooManyErrorsCloseTheConnection() {
        try (SignalingClient signaling = SignalingClient.connect(SIGNALING)) {
            for (int i = 0; i <= MAX_ERRORS; i++) {
                signaling.send("bad " + i);
            }
            for (int i = 0; i < MAX_ERRORS; i++) {
                signaling.expectError("BAD_JSON");
            }
            System.out.println(
                    "[signaling] error " + (MAX_ERRORS + 1) + ": " + signaling.expectError("TOO_MANY_ERRORS"));
            Closed closed = signaling.awaitClose();
            System.out.println("[signaling] closed " + closed);
            assertEquals(POLICY_VIOLATION, closed.code());
            assertTrue(closed.reason().startsWith("TOO_MANY_ERRORS: "), closed.reason());
            assertTrue(closed.reason().getBytes().length <= 123, "a close reason fits in a close frame");
        }
    }

    @Test
    @Order(12)
    void foreignOriginsAreRefused() {
        try (SignalingClient signaling = SignalingClient.connect(SIGNALING, "https://evil.example")) {
            System.out.println("[signaling] origin https://evil.example: " + signaling.expectError("ORIGIN_REFUSED"));
            Closed closed = signaling.awaitClose();
            assertEquals(POLICY_VIOLATION, closed.code());
            assertTrue(closed.reason().startsWith("ORIGIN_REFUSED: "), closed.reason());
        }
        for (String allowed : List.of(PAGE_ORIGIN, "http://localhost:" + HTTP_PORT)) {
            try (SignalingClient signaling = SignalingClient.connect(SIGNALING, allowed)) {
                startAndStop(signaling);
            }
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void serverIsStillHealthyAfterAllOfThat() throws InterruptedException {
        assertEquals(200, get(READINESS).statusCode(), "readiness");
        try (SignalingClient signaling = SignalingClient.connect(SIGNALING)) {
            startAndStop(signaling);
        }
        // every session above has ended and given its slot back
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        double active;
        while ((active = PrometheusScrape.now().value("magicshield_sessions_active")) > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        PrometheusScrape metrics = PrometheusScrape.now();
        System.out.println("[signaling] afterwards: sessions active " + active + ", started "
                + metrics.value("magicshield_sessions_started_total") + ", ended by protocol error "
                + metrics.valueOrZero("magicshield_sessions_ended_total{reason=\"protocol_error\"}"));
        assertEquals(0, active, "sessions still active");
    }

    private static void startAndStop(SignalingClient signaling) {
        signaling.send(start());
        signaling.await("ready");
        stopAndExpectEnd(signaling);
        assertNoErrors(signaling);
    }

    private static void stopAndExpectEnd(SignalingClient signaling) {
        signaling.send(stop());
        assertEquals("stopped", signaling.await("ended").getString("reason"));
        assertEquals(NORMAL_CLOSURE, signaling.awaitClose().code());
    }

    private static void assertNoErrors(SignalingClient signaling) {
        List<JsonObject> errors = signaling.passedOver().stream()
                .filter(m -> m.getString("type").equals("error"))
                .toList();
        assertTrue(errors.isEmpty(), "unexpected errors: " + errors);
    }

    /** A valid start message padded to {@code bytes} bytes with an unknown field. */
    private static String padded(int bytes) {
        String head = "{\"type\": \"start\", \"pad\": \"";
        return head + "x".repeat(bytes - head.length() - 2) + "\"}";
    }
}
