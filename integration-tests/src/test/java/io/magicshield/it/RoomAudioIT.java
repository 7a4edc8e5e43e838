package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.browser.ChromiumBrowser;
import io.magicshield.it.browser.PatternCamera;
import io.magicshield.it.browser.RoomProbe;
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
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Room sound in Debian's Chromium (docs/protocol.md, "Room audio"): participant A's fake microphone plays 440 Hz,
 * B's 880 Hz, and a viewer listens. Each page decodes what the server forwards on its {@code audio} DataChannel and
 * reports the energy per speaker and per band: A hears B's tone and nothing from itself, B hears A's, the viewer
 * both. A Java participant receives both pages' chunks and sends forged ones: the malformed are dropped and counted
 * in {@code /metrics}, and the pages' sound goes on. Muting A stops its chunks. Afterwards nothing is left.
 */
class RoomAudioIT extends ServerTest {

    private static final int GRACE_SECONDS = 5;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** 2 s of 20 ms frames decoded from a speaker before its energy is judged. */
    private static final int MIN_FRAMES = 100;
    /** The other's tone band over the own tone band, at least: a 440 Hz sine leaks about -29 dB into 880 Hz. */
    private static final double MIN_BAND_RATIO = 10;
    /** A tone at half of full scale has 0.125 of power; sound through Chromium's processing and Opus keeps most. */
    private static final double MIN_TONE_POWER = 0.001;

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

            Map<String, Map<String, Object>> atA = awaitSources(a.driver(), heard(streamB));
            Map<String, Map<String, Object>> atB = awaitSources(b.driver(), heard(streamA));
            Map<String, Map<String, Object>> atViewer =
                    awaitSources(viewer.driver(), heard(streamA).and(heard(streamB)));
            System.out.printf(
                    "[room-audio] A (%s, 440 Hz) hears %s%n[room-audio] B (%s, 880 Hz) hears %s%n"
                            + "[room-audio] the viewer hears %s%n",
                    streamA, atA, streamB, atB, atViewer);
            assertEquals(Set.of(streamB), atA.keySet(), "A hears B and not itself");
            assertEquals(Set.of(streamA), atB.keySet(), "B hears A and not itself");
            assertEquals(Set.of(streamA, streamB), atViewer.keySet(), "the viewer hears both");
            System.out.printf(
                    "[room-audio] the pages' AudioContexts: A %s, B %s, the viewer %s%n",
                    playback(a.driver()), playback(b.driver()), playback(viewer.driver()));
            for (ChromiumBrowser browser : List.of(a, b, viewer)) {
                assertEquals("running", playback(browser.driver()), "the page plays the sound it decodes");
            }
            assertTone(atA.get(streamB), 880, 440, "B's tone at A");
            assertTone(atB.get(streamA), 440, 880, "A's tone at B");
            assertTone(atViewer.get(streamA), 440, 880, "A's tone at the viewer");
            assertTone(atViewer.get(streamB), 880, 440, "B's tone at the viewer");

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
                long framesAtA = frames(a.driver(), streamB);
                long framesAtB = frames(b.driver(), streamA);
                awaitSources(a.driver(), s -> frames(s, streamB) >= framesAtA + MIN_FRAMES);
                awaitSources(b.driver(), s -> frames(s, streamA) >= framesAtB + MIN_FRAMES);
                assertTrue(frames(a.driver(), streamB) >= framesAtA + MIN_FRAMES, "A still hears B");
                assertTrue(frames(b.driver(), streamA) >= framesAtB + MIN_FRAMES, "B still hears A");

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

    private static Predicate<Map<String, Map<String, Object>>> heard(String stream) {
        return sources -> frames(sources, stream) >= MIN_FRAMES;
    }

    private static long frames(Map<String, Map<String, Object>> sources, String stream) {
        Map<String, Object> source = sources.get(stream);
        return source == null ? 0 : ((Number) source.get("frames")).longValue();
    }

    private static long frames(JavascriptExecutor page, String stream) {
        return frames(sources(page), stream);
    }

    private static Object playback(JavascriptExecutor page) {
        return page.executeScript("return window.magicShield.audio?.playback;");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> sources(JavascriptExecutor page) {
        Object sources = page.executeScript("return window.magicShield.audio?.sources ?? {};");
        return (Map<String, Map<String, Object>>) sources;
    }

    private static Map<String, Map<String, Object>> awaitSources(
            JavascriptExecutor page, Predicate<Map<String, Map<String, Object>>> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Map<String, Object>> now = sources(page);
        while (!condition.test(now) && System.nanoTime() < deadline) {
            Await.pause(Duration.ofMillis(250));
            now = sources(page);
        }
        assertTrue(
                condition.test(now),
                "the page's sound: " + now + "; its audio status: "
                        + page.executeScript("return JSON.stringify(window.magicShield.audio);"));
        return now;
    }

    @SuppressWarnings("unchecked")
    private static void assertTone(Map<String, Object> source, int tone, int other, String what) {
        Map<String, Object> bands = (Map<String, Object>) source.get("bands");
        double tonePower = ((Number) bands.get(Integer.toString(tone))).doubleValue();
        double otherPower = ((Number) bands.get(Integer.toString(other))).doubleValue();
        System.out.printf(
                "[room-audio] %s: %d Hz band %.5f, %d Hz band %.6f (ratio %.0f), power %.5f%n",
                what,
                tone,
                tonePower,
                other,
                otherPower,
                tonePower / otherPower,
                ((Number) source.get("power")).doubleValue());
        assertTrue(tonePower >= MIN_TONE_POWER, what + ": the tone carries energy");
        assertTrue(tonePower >= MIN_BAND_RATIO * otherPower, what + ": the tone's band, not the other's");
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
