package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.server.LeakCheck;
import io.magicshield.it.signaling.SignalingClient;
import io.magicshield.it.video.TestPattern;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Admission to rooms under hostile input, while a participant streams: room creation from a foreign page's Origin
 * (the signaling's own allow-list, the same check), the server's room cap, a flood of joins to a full room (the
 * participants' places, the viewers' and WHEP players'), joins with foreign and malformed ids, a second join on an
 * admitted socket.
 * Every refusal carries its reason; the participant's processed video goes on throughout; afterwards nothing is left
 * (sessions, peers, sockets, threads, frames, rooms) and the log has no warning. (A viewer that sends media and WHEP
 * with malformed or huge offers: RoomIT.)
 */
class RoomHostileIT extends ServerTest {

    private static final int PARTICIPANTS = 2;
    private static final int VIEWERS = 2;
    private static final int MAX_ROOMS = 2;
    /** Each flood: the room's places several times over, one socket after another (bounded). */
    private static final int FLOOD = 12;

    private static final int GRACE_SECONDS = 3;
    private static final String EVIL = "https://evil.example";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of(
                "magicshield.sessions.max", "8",
                "magicshield.rooms.participants-per-room", Integer.toString(PARTICIPANTS),
                "magicshield.rooms.viewers-per-room", Integer.toString(VIEWERS),
                "magicshield.rooms.max", Integer.toString(MAX_ROOMS),
                "magicshield.rooms.empty-grace-seconds", Integer.toString(GRACE_SECONDS),
                // the admitted members other than A never send an offer: they hold their places through the floods
                "magicshield.sessions.offer-timeout-seconds", "120",
                "magicshield.origins.allow-localhost", "false"));
    }

    @Test
    void refusalsCarryTheirReasonsTheRoomsMediaGoOnAndNothingIsLeft() {
        LeakCheck leaks = LeakCheck.begin("room-hostile");

        // creation: pages of other origins are refused as the signaling refuses them; the page's own and non-browser
        // clients (no Origin) may create
        for (String refused : Arrays.asList(EVIL, "null", "http://localhost:" + HTTP_PORT, ORIGIN + ".evil.example")) {
            HttpResponse<String> answer = createRoom(refused);
            JsonObject body = json(answer);
            System.out.printf("[room-hostile] POST /api/rooms from %s: %d %s%n", refused, answer.statusCode(), body);
            assertEquals(403, answer.statusCode(), refused);
            assertEquals("ORIGIN_REFUSED", body.getString("error"));
            assertEquals("pages from " + refused + " may not use this server", body.getString("message"));
        }
        // WHEP from a page of another origin: its preflight gets no CORS header, so the browser never posts the offer
        HttpResponse<String> preflight = send(HttpRequest.newBuilder(BASE.resolve("/whep/" + "A".repeat(22) + ".1"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", EVIL)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type"));
        System.out.println("[room-hostile] WHEP preflight from " + EVIL + ": " + preflight.statusCode() + " "
                + preflight.headers().map());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "no CORS for WHEP");
        String room = created(createRoom(ORIGIN));
        String second = created(createRoom(null));
        HttpResponse<String> overCap = createRoom(ORIGIN);
        System.out.println("[room-hostile] a room over the cap of " + MAX_ROOMS + ": " + overCap.statusCode() + " "
                + overCap.body());
        assertEquals(503, overCap.statusCode());
        assertEquals("TOO_MANY_ROOMS", json(overCap).getString("error"));
        assertTrue(json(overCap).getString("message").contains("as many rooms as it may (" + MAX_ROOMS + ")"));

        List<SignalingClient> admitted = new ArrayList<>();
        try (StreamingClient a = StreamingClient.start(
                SIGNALING,
                join(room, "participant"),
                TestPattern.shots(320, 240, 30),
                30,
                f -> f.release(),
                (shot, nanos) -> {})) {
            a.awaitFrames(30, Duration.ofSeconds(30));
            long framesBefore = a.received().frames();

            SignalingClient b = admit(room, "participant", admitted);
            // an admitted socket joining again (another room, or the same) is out of order, and stays as it was
            b.send(join(second, "participant"));
            String again = b.expectError("OUT_OF_ORDER");
            System.out.println("[room-hostile] a second join on an admitted socket: " + again);
            for (int i = 0; i < VIEWERS; i++) {
                admit(room, "viewer", admitted);
            }

            // the flood: every further join of either role is refused with the room's reason and closed
            for (String role : List.of("participant", "viewer")) {
                String expected = role.equals("participant")
                        ? "the room is full: " + PARTICIPANTS + " participants at most; you can still watch"
                        : "the room has as many viewers as it may (" + VIEWERS + ")";
                for (int i = 0; i < FLOOD; i++) {
                    try (SignalingClient late = SignalingClient.connect(SIGNALING)) {
                        late.send(join(room, role));
                        assertEquals(expected, late.expectError("ROOM_FULL"), role + " " + i);
                        assertEquals(1013, late.awaitClose().code(), "try again later");
                    }
                }
                System.out.printf("[room-hostile] %d more %ss: each refused: %s%n", FLOOD, role, expected);
            }
            // WHEP players are viewers too: a flood of them on A's stream is refused with the same reason
            String streamA = a.ready().getJsonObject("room").getString("streamId");
            for (int i = 0; i < FLOOD; i++) {
                HttpResponse<String> player = send(HttpRequest.newBuilder(BASE.resolve("/whep/" + streamA))
                        .header("Content-Type", "application/sdp")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")));
                assertEquals(503, player.statusCode(), "WHEP player " + i);
                assertEquals("the room has as many viewers as it may (" + VIEWERS + ")\n", player.body());
            }
            System.out.printf("[room-hostile] %d WHEP players on A's stream: each 503, the viewers' reason%n", FLOOD);

            // foreign ids: other rooms' never made, a stream's id, ids of the wrong shape; never a hang
            List<String> foreign = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                byte[] bits = new byte[16];
                RANDOM.nextBytes(bits);
                foreign.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
            }
            foreign.addAll(
                    List.of(room + ".1", neighbour(room), room.substring(1), "", "../" + room, room + "%00", "рум-ид"));
            for (String id : foreign) {
                try (SignalingClient stranger = SignalingClient.connect(SIGNALING)) {
                    stranger.send(join(id, "participant"));
                    assertEquals("this room does not exist or has ended", stranger.expectError("ROOM_NOT_FOUND"), id);
                    assertEquals(1000, stranger.awaitClose().code(), id);
                }
            }
            try (SignalingClient stranger = SignalingClient.connect(SIGNALING)) {
                stranger.send(join("x".repeat(65), "participant"));
                assertTrue(stranger.expectError("BAD_FIELD").contains("longer than 64"), "an over-long id");
            }
            System.out.println("[room-hostile] " + (foreign.size() + 1) + " joins with foreign or malformed ids: "
                    + "each refused");

            // the room's media went on: A's processed video kept coming through all of it
            a.awaitFrames(framesBefore + 30, Duration.ofSeconds(30));
            System.out.printf(
                    "[room-hostile] A's processed video: %d frames before the floods, %d after%n",
                    framesBefore, a.received().frames());
            assertTrue(a.received().frames() >= framesBefore + 30, "A's video went on");
        } finally {
            admitted.forEach(SignalingClient::close);
        }

        PrometheusScrape gauges = PrometheusScrape.now();
        long until = System.nanoTime() + Duration.ofSeconds(GRACE_SECONDS + 10).toNanos();
        while (gauges.valueOrZero("magicshield_rooms_open") > 0 && System.nanoTime() < until) {
            Await.pause(Duration.ofMillis(250));
            gauges = PrometheusScrape.now();
        }
        assertEquals(0, gauges.valueOrZero("magicshield_rooms_open"), "both rooms ended after their grace");
        assertEquals(0, gauges.valueOrZero("magicshield_room_members"));
        leaks.assertNothingLeft(2);
    }

    /** The id one character away from {@code room}'s: as close as a guess gets. */
    private static String neighbour(String room) {
        char last = room.charAt(room.length() - 1);
        return room.substring(0, room.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    private static SignalingClient admit(String room, String role, List<SignalingClient> admitted) {
        SignalingClient client = SignalingClient.connect(SIGNALING);
        admitted.add(client);
        client.send(join(room, role));
        JsonObject ready = client.await("ready");
        assertEquals(role, ready.getJsonObject("room").getString("role"));
        return client;
    }

    private static HttpResponse<String> createRoom(String origin) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(BASE.resolve("/api/rooms")).POST(HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request);
    }

    private static String created(HttpResponse<String> answer) {
        assertEquals(201, answer.statusCode(), answer.body());
        return json(answer).getString("id");
    }

    private static JsonObject json(HttpResponse<String> answer) {
        return Json.createReader(new StringReader(answer.body())).readObject();
    }

    private static JsonObject join(String room, String role) {
        return Json.createObjectBuilder()
                .add("type", "join")
                .add("room", room)
                .add("role", role)
                .build();
    }
}
