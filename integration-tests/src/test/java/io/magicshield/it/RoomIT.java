package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.browser.ChromiumBrowser;
import io.magicshield.it.browser.RoomProbe;
import io.magicshield.it.browser.RoomProbe.Sample;
import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.rtc.WhepPlayer;
import io.magicshield.it.server.ServerResources;
import io.magicshield.it.signaling.SignalingClient;
import io.magicshield.it.video.AslCamera;
import io.magicshield.it.video.PalmCamera;
import io.magicshield.it.video.TestPattern;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;

/**
 * A room end to end in Debian's Chromium: participant A's fake camera plays clip01 (an open palm: a shield),
 * participant B's clip02 (ASL letters before a light-blue wall: no shield), and a viewer watches. Each participant
 * sees the other's processed video (B sees A's shield; A sees B's picture, by its colours), never its own in a slot;
 * the viewer sees both; a minimal WHEP player in
 * the browser (fetch + RTCPeerConnection) and one in Java play the streams; a malformed WHEP offer is refused while
 * the room's media go on; B's browser is killed and its tile leaves the others within 3 s; A leaves and rejoins.
 * Afterwards every session, peer and room is gone (the room a grace period after its last participant).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoomIT extends ServerTest {

    /** Two participants, a viewer and two WHEP players at once, over the default four. */
    private static final int MAX_SESSIONS = 8;

    /** Long enough for three browsers to start after the room is made; short enough to wait for its end. */
    private static final int GRACE_SECONDS = 10;

    private static final int CREATIONS = 5;
    private static final Duration LIVE_WAIT = Duration.ofSeconds(60);
    /** As BrowserIT: a shield covers about 5% of the frame with gold; clip01's picture has well under 1%. */
    private static final double MIN_SHIELD_GOLD = 0.02;

    private static final int MIN_FRAMES = 30;
    private static final long TILE_GONE_MS = 3_000;

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of(
                "magicshield.sessions.max", Integer.toString(MAX_SESSIONS),
                "magicshield.rooms.empty-grace-seconds", Integer.toString(GRACE_SECONDS),
                "magicshield.rooms.create-rate.rooms", Integer.toString(CREATIONS)));
    }

    @Test
    @Order(1)
    void participantsSeeAndHearEachOtherAViewerSeesBothAndWhepPlayersPlay() throws Exception {
        Path work = TestData.outputDir().resolve("room");
        Path palm = PalmCamera.file(work);
        Path asl = AslCamera.file(work);
        String roomId;
        try (ChromiumBrowser a = new ChromiumBrowser(palm, work.resolve("a"));
                ChromiumBrowser b = new ChromiumBrowser(asl, work.resolve("b"));
                ChromiumBrowser viewer = new ChromiumBrowser(palm, work.resolve("viewer"))) {
            // as a person does it: "Create room" on the solo page, then the link in the other window
            a.driver().get(BASE.toString());
            a.driver().findElement(By.id("createRoom")).click();
            String created = awaitRoomUrl(a);
            roomId = created.substring(created.lastIndexOf('/') + 1, created.indexOf('?'));
            String page = BASE.resolve("/room/" + roomId).toString();
            b.driver().get(page + "?autostart");
            viewer.driver().get(page + "?view&autostart");
            RoomProbe pa = new RoomProbe(a.driver());
            RoomProbe pb = new RoomProbe(b.driver());
            RoomProbe pv = new RoomProbe(viewer.driver());

            Sample seenByA = pa.await(tilesWithFrames(1), LIVE_WAIT);
            Sample seenByB = pb.await(tilesWithFrames(1), LIVE_WAIT);
            Sample seenByViewer = pv.await(tilesWithFrames(2), LIVE_WAIT);
            String streamA = seenByA.streamId();
            String streamB = seenByB.streamId();
            System.out.printf(
                    "[room] %s: A is %s, B is %s; A shows %s, B shows %s, the viewer %s%n",
                    roomId,
                    streamA,
                    streamB,
                    seenByA.tiles().keySet(),
                    seenByB.tiles().keySet(),
                    seenByViewer.tiles().keySet());
            assertEquals(List.of(streamB), List.copyOf(seenByA.tiles().keySet()), "A is shown B, not itself");
            assertFalse(seenByA.tiles().containsKey(streamA), "A gets no slot of its own");
            assertEquals(List.of(streamA), List.copyOf(seenByB.tiles().keySet()), "B is shown A, not itself");
            assertEquals(2, seenByViewer.tiles().size(), "the viewer is shown both: " + seenByViewer.tiles());
            assertTrue(seenByViewer.tiles().keySet().containsAll(List.of(streamA, streamB)));

            // B sees A's shield, as does the viewer; A's own processed video has it too
            Sample shieldAtB = pb.await(s -> gold(s, streamA) >= MIN_SHIELD_GOLD, LIVE_WAIT);
            Sample shieldAtViewer = pv.await(s -> gold(s, streamA) >= MIN_SHIELD_GOLD, LIVE_WAIT);
            System.out.printf(
                    "[room] A's processed video at B: %s; at the viewer: %s%n",
                    shieldAtB.tiles().get(streamA).look(),
                    shieldAtViewer.tiles().get(streamA).look());
            assertTrue(gold(shieldAtB, streamA) >= MIN_SHIELD_GOLD, "B sees the shield on A's palm");
            assertTrue(gold(shieldAtViewer, streamA) >= MIN_SHIELD_GOLD, "the viewer sees the shield on A's palm");
            System.out.printf(
                    "[room] frames per second shown per tile (three Chromiums and the server on one machine): at A %s,"
                            + " at B %s, at the viewer %s%n",
                    rates(pa.sample()), rates(pb.sample()), rates(pv.sample()));
            Files.write(work.resolve("room-participant-b.png"), b.driver().getScreenshotAs(OutputType.BYTES));
            Files.write(work.resolve("room-viewer.png"), viewer.driver().getScreenshotAs(OutputType.BYTES));

            // A sees B's picture: its colours are B's camera's (light-blue wall), not A's own
            Sample colours = pa.await(s -> s.tiles().get(streamB).look() != null && s.preview() != null, LIVE_WAIT);
            Sample previewB = pb.await(s -> s.preview() != null, LIVE_WAIT);
            RoomProbe.Look bAtA = colours.tiles().get(streamB).look();
            double toB = bAtA.distance(previewB.preview());
            double toA = bAtA.distance(colours.preview());
            System.out.printf(
                    "[room] B's tile at A: %s; B's camera %s (distance %.1f); A's camera %s (distance %.1f)%n",
                    bAtA, previewB.preview(), toB, colours.preview(), toA);
            assertTrue(toB < toA, "A's tile of B looks like B's camera, not like A's");

            // a minimal WHEP player in Java plays A's stream, one in the browser plays B's
            try (WhepPlayer player = new WhepPlayer()) {
                WhepPlayer.Answer answer = player.play(BASE.resolve("/whep/" + streamA));
                System.out.printf(
                        "[room] Java WHEP player on A's stream: %d, Location %s, Link %s%n",
                        answer.status(), answer.location(), answer.links());
                assertEquals(201, answer.status(), answer.body());
                assertTrue(answer.location().startsWith("/whep/" + streamA + "/"), answer.location());
                long until = System.nanoTime() + LIVE_WAIT.toNanos();
                while (player.frames() < MIN_FRAMES && System.nanoTime() < until) {
                    Await.pause(Duration.ofMillis(200));
                }
                System.out.println("[room] Java WHEP player: " + player.frames() + " frames");
                assertTrue(player.frames() >= MIN_FRAMES, "frames played: " + player.frames());
                assertEquals(200, player.stop(), "DELETE ends the WHEP session");
            }

            Map<String, Object> browserPlayer =
                    pv.playWhep(BASE.resolve("/whep/" + streamB).toString());
            System.out.println("[room] browser WHEP player on B's stream: " + browserPlayer);
            assertEquals(201L, browserPlayer.get("status"), browserPlayer.toString());
            assertTrue(((Number) browserPlayer.get("frames")).intValue() >= MIN_FRAMES, browserPlayer.toString());
            assertEquals(200L, browserPlayer.get("deleteStatus"));
            // a malformed offer for a live stream is refused, and the room's media go on
            HttpResponse<String> malformed = whep(streamA, "application/sdp", "v=0\r\nthis is no description\r\n");
            assertEquals(400, malformed.statusCode(), malformed.body());
            long before = pb.sample().tiles().get(streamA).framesDecoded();
            Sample after = pb.await(s -> s.tiles().get(streamA).framesDecoded() > before + MIN_FRAMES, LIVE_WAIT);
            assertTrue(after.tiles().get(streamA).framesDecoded() > before + MIN_FRAMES, "A's video still reaches B");

            // B's browser is killed: its tile leaves A and the viewer within 3 s
            // (the kill waits for the processes' exit, up to seconds: the page is watched meanwhile)
            long killedAt = System.nanoTime();
            CompletableFuture<Integer> killed = CompletableFuture.supplyAsync(b::kill);
            Sample withoutB = pa.await(s -> !s.tiles().containsKey(streamB), Duration.ofSeconds(10));
            long goneMs = (System.nanoTime() - killedAt) / 1_000_000;
            Await.result(killed, Duration.ofSeconds(30), "killing B's browser");
            Sample viewerWithoutB = pv.await(s -> !s.tiles().containsKey(streamB), Duration.ofSeconds(5));
            System.out.printf("[room] B killed: its tile left A after %d ms%n", goneMs);
            assertFalse(withoutB.tiles().containsKey(streamB), "B's tile left A");
            assertTrue(goneMs <= TILE_GONE_MS, "B's tile left A within 3 s: " + goneMs + " ms");
            assertEquals(List.of(streamA), List.copyOf(viewerWithoutB.tiles().keySet()));

            // A leaves and rejoins: the viewer loses A's tile and gets A's new stream
            a.driver().findElement(By.id("leave")).click();
            Sample empty = pv.await(s -> s.tiles().isEmpty(), Duration.ofSeconds(10));
            assertTrue(empty.tiles().isEmpty(), "A's tile left the viewer");
            a.driver().findElement(By.id("join")).click();
            Sample rejoined = pv.await(tilesWithFrames(1), LIVE_WAIT);
            String newA = pa.sample().streamId();
            System.out.printf(
                    "[room] A left and rejoined as %s; the viewer shows %s%n",
                    newA, rejoined.tiles().keySet());
            assertNotNull(newA);
            assertEquals(List.of(newA), List.copyOf(rejoined.tiles().keySet()));
        }

        ServerResources idle = ServerResources.await(ServerResources::idle, Duration.ofSeconds(30));
        assertTrue(idle.idle(), "sessions, peers, effects and sockets all gone: " + idle.describe());
        PrometheusScrape gauges = awaitGauges(
                s -> s.valueOrZero("magicshield_rooms_open") == 0 && s.valueOrZero("magicshield_room_members") == 0);
        assertEquals(0, gauges.valueOrZero("magicshield_room_members"), "no member left in any room");
        assertEquals(0, gauges.valueOrZero("magicshield_rooms_open"), "the room ended after its grace period");
        assertEquals(404, get("/room/" + roomId).statusCode(), "an ended room's page says so");
    }

    @Test
    @Order(2)
    void hostileRequestsGetClearRefusalsAndLeaveNothingBehind() throws Exception {
        String roomId = createRoom();
        String unknownRoom = "A".repeat(22);

        // pages: an unknown, a malformed and a traversing id get the "no such room" page
        for (String path : List.of("/room/" + unknownRoom, "/room/short", "/room/" + "x".repeat(4000), "/room/")) {
            HttpResponse<String> page = get(path);
            assertEquals(404, page.statusCode(), path);
            assertTrue(page.body().contains("does not exist or has ended"), path + ": " + page.body());
        }
        assertEquals(200, get("/room/" + roomId).statusCode(), "an open room's page");
        assertEquals(405, get("/api/rooms").statusCode(), "rooms are created by POST only");

        // signaling: a foreign room id, a malformed role
        try (SignalingClient foreign = SignalingClient.connect(SIGNALING)) {
            foreign.send(join(unknownRoom, "participant"));
            String message = foreign.expectError("ROOM_NOT_FOUND");
            assertTrue(message.contains("does not exist or has ended"), message);
            assertEquals(1000, foreign.awaitClose().code());
        }
        try (SignalingClient host = SignalingClient.connect(SIGNALING)) {
            host.send(join(roomId, "host"));
            assertTrue(host.expectError("BAD_FIELD").contains("role must be participant or viewer"));
        }

        // WHEP: a stream must exist and the offer must be a bounded SDP offer
        try (SignalingClient participant = SignalingClient.connect(SIGNALING)) {
            participant.send(join(roomId, "participant"));
            String stream = participant.await("ready").getJsonObject("room").getString("streamId");
            assertTrue(stream.startsWith(roomId + "."), stream);
            String offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
            assertEquals(415, whep(stream, "text/plain", offer).statusCode(), "wrong content type");
            assertEquals(
                    413,
                    whep(stream, "application/sdp", "v=0\r\n" + "a=x\r\n".repeat(20_000))
                            .statusCode());
            assertEquals(400, whep(stream, "application/sdp", "hello").statusCode(), "not an SDP offer");
            HttpResponse<String> garbage = whep(stream, "application/sdp", "v=0\r\nnot a description\r\n");
            assertEquals(400, garbage.statusCode(), garbage.body());
            assertEquals(404, whep(unknownRoom + ".1", "application/sdp", offer).statusCode(), "unknown stream");
            assertEquals(404, whep(roomId + ".99", "application/sdp", offer).statusCode(), "no such participant");
            assertEquals(404, whep(roomId + ".x", "application/sdp", offer).statusCode(), "malformed id");
            HttpResponse<String> patch = send(java.net.http.HttpRequest.newBuilder(BASE.resolve("/whep/" + stream))
                    .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("a=candidate")));
            assertEquals(405, patch.statusCode(), "no trickle");
            assertEquals("POST, DELETE", patch.headers().firstValue("Allow").orElse(null));
            // a viewer that sends a camera anyway: answered, never listened to (no frame reaches the server)
            try (StreamingClient pushy = StreamingClient.start(
                    SIGNALING,
                    join(roomId, "viewer"),
                    TestPattern.shots(320, 240, 30),
                    30,
                    f -> f.release(),
                    (shot, nanos) -> {})) {
                assertEquals("viewer", pushy.ready().getJsonObject("room").getString("role"));
                double before = PrometheusScrape.now().value("magicshield_frames_received_total");
                Await.pause(Duration.ofSeconds(2));
                double after = PrometheusScrape.now().value("magicshield_frames_received_total");
                System.out.printf(
                        "[room] a viewer sent %d frames; the server received %.0f%n",
                        pushy.framesSent(), after - before);
                assertTrue(pushy.framesSent() > 10, "the viewer did send");
                assertEquals(before, after, "a viewer's media are not taken in");
                assertEquals(0, pushy.received().frames(), "a viewer has no processed video of its own");
            }
            HttpResponse<String> delete = send(java.net.http.HttpRequest.newBuilder(
                            BASE.resolve("/whep/" + stream + "/00000000-0000-0000-0000-000000000000"))
                    .DELETE());
            assertEquals(404, delete.statusCode(), "DELETE of a session that is not there");
        }

        // a flood of room creations from one address is held to the rate (a bounded loop: the burst, twice)
        int created = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 2 * CREATIONS && refused == null; i++) {
            HttpResponse<String> attempt = send(java.net.http.HttpRequest.newBuilder(BASE.resolve("/api/rooms"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
            if (attempt.statusCode() == 201) {
                created++;
            } else {
                refused = attempt;
            }
        }
        assertNotNull(refused, "creations beyond the rate are refused");
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("too many rooms created"), refused.body());
        System.out.printf("[room] room creations: %d more admitted, then %d%n", created, refused.statusCode());

        ServerResources idle = ServerResources.await(ServerResources::idle, Duration.ofSeconds(30));
        assertTrue(idle.idle(), "sessions, peers and sockets all gone: " + idle.describe());
        PrometheusScrape gauges = awaitGauges(s -> s.valueOrZero("magicshield_rooms_open") == 0);
        assertEquals(0, gauges.valueOrZero("magicshield_room_members"));
        assertEquals(0, gauges.valueOrZero("magicshield_rooms_open"), "every room ended after its grace period");
    }

    private static JsonObject join(String room, String role) {
        return Json.createObjectBuilder()
                .add("type", "join")
                .add("room", room)
                .add("role", role)
                .build();
    }

    /** The room page "Create room" took the browser to: {@code /room/<id>?autostart}. */
    private static String awaitRoomUrl(ChromiumBrowser browser) {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String url = browser.driver().getCurrentUrl();
        while (!url.matches(".*/room/[A-Za-z0-9_-]{22}\\?autostart") && System.nanoTime() < until) {
            Await.pause(Duration.ofMillis(100));
            url = browser.driver().getCurrentUrl();
        }
        assertTrue(url.matches(".*/room/[A-Za-z0-9_-]{22}\\?autostart"), "Create room led to " + url);
        return url;
    }

    private static Predicate<Sample> tilesWithFrames(int tiles) {
        return s -> s.tiles().size() == tiles
                && s.tiles().values().stream().allMatch(t -> t.framesDecoded() >= MIN_FRAMES && t.look() != null);
    }

    private static String rates(Sample sample) {
        StringBuilder rates = new StringBuilder();
        sample.tiles()
                .forEach((stream, tile) -> rates.append(
                        String.format("%s %.0f fps ", stream.substring(stream.lastIndexOf('.')), tile.fps())));
        return rates.toString().trim();
    }

    private static double gold(Sample sample, String stream) {
        RoomProbe.Tile tile = sample.tiles().get(stream);
        return tile == null || tile.look() == null ? 0 : tile.look().gold();
    }

    /** Creates a room as the page's "Create room" does, and checks the answer's shape. */
    static String createRoom() {
        HttpResponse<String> created = send(java.net.http.HttpRequest.newBuilder(BASE.resolve("/api/rooms"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject body = Json.createReader(new StringReader(created.body())).readObject();
        String id = body.getString("id");
        assertTrue(id.matches("[A-Za-z0-9_-]{22}"), "128 random bits, URL-safe: " + id);
        assertEquals("/room/" + id, body.getString("url"));
        assertEquals("/room/" + id, created.headers().firstValue("Location").orElse(null));
        return id;
    }

    static HttpResponse<String> whep(String stream, String contentType, String body) {
        return send(java.net.http.HttpRequest.newBuilder(BASE.resolve("/whep/" + stream))
                .header("Content-Type", contentType)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    private static PrometheusScrape awaitGauges(Predicate<PrometheusScrape> condition) {
        long until = System.nanoTime() + Duration.ofSeconds(GRACE_SECONDS + 10).toNanos();
        PrometheusScrape now = PrometheusScrape.now();
        while (!condition.test(now) && System.nanoTime() < until) {
            Await.pause(Duration.ofMillis(250));
            now = PrometheusScrape.now();
        }
        return now;
    }
}
