package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.browser.FirefoxBrowser;
import io.magicshield.it.browser.RoomProbe;
import io.magicshield.it.browser.RoomProbe.Sample;
import io.magicshield.it.rtc.AudioChannelProbe;
import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.rtc.WhepPlayer;
import io.magicshield.it.server.ServerResources;
import io.magicshield.it.video.TestPattern;
import jakarta.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * A room in Debian's Firefox ESR (driven over WebDriver BiDi, no geckodriver): "Create room" on the solo page takes
 * Firefox into a new room as a participant with its fake camera; a webrtc-java participant joins. Firefox shows the
 * other participant's processed video in a tile and its own processed video; a Java WHEP player plays Firefox's
 * processed stream (its camera went up through the server); the minimal WHEP player plays in Firefox too.
 */
class RoomFirefoxIT extends ServerTest {

    private static final Duration LIVE_WAIT = Duration.ofSeconds(60);
    private static final int MIN_FRAMES = 30;
    /** 1 s of sound from the Java participant, 20 ms a chunk. */
    private static final int SILENCES = 50;
    /** Mean colours 0-441 apart: the first run's tile and own video were 166 apart. */
    private static final double MIN_COLOUR_DISTANCE = 60;

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of("magicshield.sessions.max", "6"));
    }

    @Test
    void aRoomWorksInFirefox() throws Exception {
        Path work = TestData.outputDir().resolve("room-firefox");
        Files.createDirectories(work);
        try (FirefoxBrowser firefox = new FirefoxBrowser(work)) {
            firefox.navigate(BASE.toString());
            firefox.executeScript("document.getElementById('createRoom').click();");
            String url = "";
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!url.matches(".*/room/[A-Za-z0-9_-]{22}\\?autostart") && System.nanoTime() < until) {
                Await.pause(Duration.ofMillis(200));
                try {
                    url = firefox.url();
                } catch (IllegalStateException e) {
                    // the page is being replaced: asked again
                }
            }
            assertTrue(url.matches(".*/room/[A-Za-z0-9_-]{22}\\?autostart"), "Create room led to " + url);
            String room = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
            RoomProbe page = new RoomProbe(firefox);
            String own = page.await(s -> s.streamId() != null, LIVE_WAIT).streamId();
            assertNotNull(own, "Firefox joined its room: " + page.sample());

            try (StreamingClient other = StreamingClient.start(
                    SIGNALING,
                    Json.createObjectBuilder()
                            .add("type", "join")
                            .add("room", room)
                            .add("role", "participant")
                            .build(),
                    TestPattern.shots(640, 480, 30),
                    30,
                    f -> f.release(),
                    (shot, nanos) -> {})) {
                String theirs = other.ready().getJsonObject("room").getString("streamId");
                Sample shown = page.await(
                        s -> s.tiles().containsKey(theirs)
                                && s.tiles().get(theirs).framesDecoded() >= MIN_FRAMES
                                && s.tiles().get(theirs).look() != null
                                && s.self() != null,
                        LIVE_WAIT);
                System.out.printf(
                        "[room-firefox] %s: Firefox is %s (state %s); its tiles %s; the other's tile: %s; its own"
                                + " processed video: %s%n",
                        room,
                        own,
                        shown.state(),
                        shown.tiles().keySet(),
                        shown.tiles().get(theirs),
                        shown.self());
                Files.write(work.resolve("room-firefox.png"), firefox.screenshot());
                assertTrue(shown.tiles().containsKey(theirs), "Firefox shows the other participant: " + shown);
                assertTrue(shown.tiles().get(theirs).framesDecoded() >= MIN_FRAMES, "frames in the tile: " + shown);
                assertNotNull(shown.self(), "Firefox shows its own processed video");
                // the tile is the other's grey test pattern, not Firefox's own camera (a full-saturation hue cycle)
                double apart = shown.tiles().get(theirs).look().distance(shown.self());
                assertTrue(apart > MIN_COLOUR_DISTANCE, "the tile looks like Firefox's own camera: " + apart);
                assertEquals(
                        1,
                        shown.tiles().size(),
                        "no tile of its own: " + shown.tiles().keySet());

                // sound: Firefox decodes what the server forwards (a Java participant's 20 ms Opus silences)
                Object support = firefox.executeScript("return JSON.stringify(window.magicShield.audio?.supported);");
                System.out.println("[room-firefox] Firefox's room sound (WebCodecs Opus): " + support);
                for (int i = 0; i < SILENCES; i++) {
                    other.audio().sendChunk(i, i * 20, AudioChannelProbe.OPUS_SILENCE);
                    Await.pause(Duration.ofMillis(20));
                }
                Object heard = null;
                long soundDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < soundDeadline) {
                    heard = firefox.executeScript(
                            "return window.magicShield.audio?.sources?.[arguments[0]]?.frames ?? 0;", theirs);
                    if (((Number) heard).intValue() >= SILENCES / 2) {
                        break;
                    }
                    Await.pause(Duration.ofMillis(200));
                }
                System.out.println("[room-firefox] of " + SILENCES + " silent chunks, Firefox decoded " + heard
                        + "; its AudioContext: "
                        + firefox.executeScript("return window.magicShield.audio?.playback;"));
                assertTrue(((Number) heard).intValue() >= SILENCES / 2, "Firefox decodes the forwarded sound");

                try (WhepPlayer player = new WhepPlayer()) {
                    assertEquals(201, player.play(BASE.resolve("/whep/" + own)).status());
                    long deadline = System.nanoTime() + LIVE_WAIT.toNanos();
                    while (player.frames() < MIN_FRAMES && System.nanoTime() < deadline) {
                        Await.pause(Duration.ofMillis(200));
                    }
                    System.out.println(
                            "[room-firefox] Java WHEP player on Firefox's stream: " + player.frames() + " frames");
                    assertTrue(player.frames() >= MIN_FRAMES, "Firefox's processed stream plays: " + player.frames());
                    assertEquals(200, player.stop());
                }

                Map<String, Object> played =
                        page.playWhep(BASE.resolve("/whep/" + theirs).toString());
                System.out.println("[room-firefox] the minimal WHEP player in Firefox: " + played);
                assertEquals(201L, played.get("status"), played.toString());
                assertTrue(((Number) played.get("frames")).intValue() >= MIN_FRAMES, played.toString());
                assertEquals(200L, played.get("deleteStatus"));
            }
        }
        ServerResources idle = ServerResources.await(ServerResources::idle, Duration.ofSeconds(30));
        assertTrue(idle.idle(), "sessions, peers, effects and sockets all gone: " + idle.describe());
    }
}
