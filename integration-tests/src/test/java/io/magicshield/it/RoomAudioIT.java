package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.browser.ChromiumBrowser;
import io.magicshield.it.browser.PatternCamera;
import io.magicshield.it.browser.RoomProbe;
import io.magicshield.it.browser.RoomSound;
import io.magicshield.it.browser.ToneMicrophone;
import io.magicshield.it.rtc.AudioChannelProbe;
import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.server.LeakCheck;
import io.magicshield.it.video.TestPattern;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Room sound in Debian's Chromium (docs/protocol.md, "Room audio"): participant A's fake microphone plays 440 Hz,
 * B's 880 Hz, and a viewer listens. Each page decodes what the server forwards on its {@code audio} DataChannel and
 * plays it; meters on its way to the speakers (per speaker, and the mix) report the energy per band of what is
 * played: A plays B's tone and nothing from itself, B plays A's, the viewer both. A Java participant receives both pages' chunks and sends forged ones: the malformed are dropped and counted
 * in {@code /metrics}, and the pages' sound goes on. Muting A stops its chunks. Afterwards nothing is left.
 */
class RoomAudioIT extends ServerTest {

    private static final int GRACE_SECONDS = 5;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** 2 s of 20 ms frames: the sound going on is judged by this many more decoded. */
    private static final int MIN_FRAMES = 100;

    private static final String DROPPED = "magicshield_room_audio_chunks_dropped_total{reason=\"malformed\"}";
    /** docs/protocol.md: the header and Opus's largest packet. */
    private static final int MAX_CHUNK_BYTES = 8 + 1275;

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of("magicshield.rooms.empty-grace-seconds", Integer.toString(GRACE_SECONDS)));
    }

    @Test
    void participantsHearEachOtherNotThemselvesAViewerHearsBothAndForgedChunksAreDropped() throws Exception {
        LeakCheck leaks = LeakCheck.begin("room-audio");
        Path work = TestData.outputDir().resolve("room-audio");
        Path camera = PatternCamera.file();
        String room = createRoom();
        String page = BASE.resolve("/room/" + room).toString();
        try (ChromiumBrowser a = new ChromiumBrowser(
                        camera, work.resolve("a"), ToneMicrophone.switches(ToneMicrophone.file(work, 440)));
                ChromiumBrowser b = new ChromiumBrowser(
                        camera, work.resolve("b"), ToneMicrophone.switches(ToneMicrophone.file(work, 880)));
                ChromiumBrowser viewer = new ChromiumBrowser(
                        camera, work.resolve("viewer"), ToneMicrophone.switches(ToneMicrophone.file(work, 440)))) {
            a.driver().get(page + "?autostart");
            b.driver().get(page + "?autostart");
            viewer.driver().get(page + "?view&autostart");
            String streamA = new RoomProbe(a.driver())
                    .await(s -> s.streamId() != null, WAIT)
                    .streamId();
            String streamB = new RoomProbe(b.driver())
                    .await(s -> s.streamId() != null, WAIT)
                    .streamId();

            RoomSound soundA = new RoomSound(a.driver());
            RoomSound soundB = new RoomSound(b.driver());
            RoomSound soundViewer = new RoomSound(viewer.driver());
            Map<String, Map<String, Object>> atA = soundA.await(RoomSound.played(streamB), WAIT);
            Map<String, Map<String, Object>> atB = soundB.await(RoomSound.played(streamA), WAIT);
            Map<String, Map<String, Object>> atViewer =
                    soundViewer.await(RoomSound.played(streamA).and(RoomSound.played(streamB)), WAIT);
            System.out.printf(
                    "[room-audio] A (%s, 440 Hz) hears %s%n[room-audio] B (%s, 880 Hz) hears %s%n"
                            + "[room-audio] the viewer hears %s%n",
                    streamA, atA, streamB, atB, atViewer);
            assertEquals(Set.of(streamB), atA.keySet(), "A hears B and not itself");
            assertEquals(Set.of(streamA), atB.keySet(), "B hears A and not itself");
            assertEquals(Set.of(streamA, streamB), atViewer.keySet(), "the viewer hears both");
            System.out.printf(
                    "[room-audio] the pages' AudioContexts: A %s, B %s, the viewer %s%n",
                    soundA.playback(), soundB.playback(), soundViewer.playback());
            for (RoomSound sound : List.of(soundA, soundB, soundViewer)) {
                assertEquals("running", sound.playback(), "the page plays the sound it decodes");
            }
            RoomSound.assertTone(atA.get(streamB), 880, 440, "B's tone played at A");
            RoomSound.assertTone(atB.get(streamA), 440, 880, "A's tone played at B");
            RoomSound.assertTone(atViewer.get(streamA), 440, 880, "A's tone played at the viewer");
            RoomSound.assertTone(atViewer.get(streamB), 880, 440, "B's tone played at the viewer");
            // what leaves for the speakers: the other's tone, none of one's own
            RoomSound.assertTone(soundA.output(), 880, 440, "A's speakers");
            RoomSound.assertTone(soundB.output(), 440, 880, "B's speakers");

            // a Java participant hears both pages, then forges chunks: the malformed are dropped and counted
            try (StreamingClient c = StreamingClient.start(
                    SIGNALING, join(room), TestPattern.shots(320, 240, 30), 30, f -> f.release(), (s, n) -> {})) {
                AudioChannelProbe audio = c.audio();
                int numberA = number(streamA);
                int numberB = number(streamB);
                Await.until(
                        () -> audio.chunksBySource().getOrDefault(numberA, 0) >= MIN_FRAMES
                                && audio.chunksBySource().getOrDefault(numberB, 0) >= MIN_FRAMES,
                        WAIT,
                        () -> "the Java participant's chunks: " + audio.chunksBySource());
                System.out.println("[room-audio] the Java participant received, by speaker: " + audio.chunksBySource()
                        + ", malformed " + audio.malformed());
                assertEquals(0, audio.malformed(), "every forwarded chunk is binary and marked with its speaker");

                double droppedBefore = PrometheusScrape.now().valueOrZero(DROPPED);
                assertTrue(audio.send(new byte[MAX_CHUNK_BYTES + 1], true), "one byte over the cap");
                assertTrue(audio.send(new byte[64 * 1024], true), "64 KiB");
                assertTrue(audio.send(new byte[8], true), "a header without Opus");
                assertTrue(audio.send("not sound".getBytes(StandardCharsets.UTF_8), false), "text");
                Await.until(
                        () -> PrometheusScrape.now().valueOrZero(DROPPED) >= droppedBefore + 4,
                        Duration.ofSeconds(10),
                        () -> "dropped: " + PrometheusScrape.now().valueOrZero(DROPPED));
                double dropped = PrometheusScrape.now().valueOrZero(DROPPED) - droppedBefore;
                System.out.printf("[room-audio] 4 forged chunks: %.0f dropped as malformed%n", dropped);
                assertEquals(4, dropped, "each forged chunk dropped and counted once");
                // a chunk of the right size that is no Opus reaches the pages; their decoders must survive it
                byte[] garbage = new byte[200];
                new java.util.Random(7).nextBytes(garbage);
                assertTrue(audio.send(garbage, true));

                // the pages' sound went on
                long framesAtA = RoomSound.count(soundA.sources(), streamB, "frames");
                long framesAtB = RoomSound.count(soundB.sources(), streamA, "frames");
                soundA.await(s -> RoomSound.count(s, streamB, "frames") >= framesAtA + MIN_FRAMES, WAIT);
                soundB.await(s -> RoomSound.count(s, streamA, "frames") >= framesAtB + MIN_FRAMES, WAIT);

                // muted, A sends nothing: the Java participant gets no more of A's chunks
                a.driver().findElement(By.id("mute")).click();
                Await.pause(Duration.ofSeconds(1)); // chunks in flight arrive
                int fromAMuted = audio.chunksBySource().getOrDefault(numberA, 0);
                int fromBMuted = audio.chunksBySource().getOrDefault(numberB, 0);
                Await.pause(Duration.ofSeconds(2));
                System.out.printf(
                        "[room-audio] A muted: over 2 s the Java participant got %d chunks from A, %d from B%n",
                        audio.chunksBySource().get(numberA) - fromAMuted,
                        audio.chunksBySource().get(numberB) - fromBMuted);
                assertEquals(fromAMuted, audio.chunksBySource().get(numberA), "muted, A sends nothing");
                assertTrue(audio.chunksBySource().get(numberB) >= fromBMuted + 50, "B goes on");
            }
        }
        PrometheusScrape gauges = PrometheusScrape.now();
        long until = System.nanoTime() + Duration.ofSeconds(GRACE_SECONDS + 10).toNanos();
        while (gauges.valueOrZero("magicshield_rooms_open") > 0 && System.nanoTime() < until) {
            Await.pause(Duration.ofMillis(250));
            gauges = PrometheusScrape.now();
        }
        assertEquals(0, gauges.valueOrZero("magicshield_rooms_open"), "the room ended after its grace");
        leaks.assertNothingLeft(2);
    }

    /** A participant's number: its stream id's end, which marks its chunks (docs/protocol.md). */
    private static int number(String stream) {
        return Integer.parseInt(stream.substring(stream.lastIndexOf('.') + 1));
    }

    private static String createRoom() {
        HttpResponse<String> answer =
                send(HttpRequest.newBuilder(BASE.resolve("/api/rooms")).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, answer.statusCode(), answer.body());
        return Json.createReader(new StringReader(answer.body())).readObject().getString("id");
    }

    private static JsonObject join(String room) {
        return Json.createObjectBuilder()
                .add("type", "join")
                .add("room", room)
                .add("role", "participant")
                .build();
    }
}
