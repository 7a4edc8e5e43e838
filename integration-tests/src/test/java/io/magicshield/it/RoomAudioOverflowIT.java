package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.rtc.AudioChannelProbe;
import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.server.LeakCheck;
import io.magicshield.it.video.TestPattern;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The room sound's per-receiver cap (docs/protocol.md, "Room audio": a forwarded chunk that finds more than 6 KiB
 * waiting in a receiver's channel is dropped, {@code reason="queue_full"}). Three webrtc-java participants: a speaker
 * who sends a page's 50 chunks a second, a listener, and a flooder who sends Opus's largest packet as fast as its own
 * channel takes them for 3 s (30 to 150 times a page's chunk rate in the runs here). The server's channels towards
 * the listener and the speaker fill faster than they drain, and the cap drops what does not fit instead of queueing
 * it: the drops are counted, the listener gets only part of the flood, its video goes on during the flood, the
 * speaker's sound reaches it again right after, and when all have left nothing is left on the server. A listener on
 * a slow link fills its queue the same way at a lower rate; this kernel has no netem to make one on loopback.
 */
class RoomAudioOverflowIT extends ServerTest {

    private static final int GRACE_SECONDS = 3;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration FLOOD = Duration.ofSeconds(3);
    /** Opus's largest packet (RFC 6716): with its header, the largest chunk the server forwards. */
    private static final int LARGEST_OPUS = 1275;
    /** The flooder's own queue is kept under this, so that the test's loop holds no more than that in memory. */
    private static final long FLOODER_QUEUE_BYTES = 256 * 1024;
    /** 1 s of a page's chunks. */
    private static final int SECOND_OF_CHUNKS = 50;

    private static final String QUEUE_FULL = "magicshield_room_audio_chunks_dropped_total{reason=\"queue_full\"}";
    /** Chunks the server took from members to forward (the flooder's and the speaker's). */
    private static final String TAKEN = "magicshield_room_audio_chunks_received_total";

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of("magicshield.rooms.empty-grace-seconds", Integer.toString(GRACE_SECONDS)));
    }

    @Test
    void aFloodIsDroppedAtEachListenersCapWhileTheRoomsMediaGoOn() throws Exception {
        LeakCheck leaks = LeakCheck.begin("room-audio-overflow");
        String room = createRoom();
        ScheduledExecutorService talking = Executors.newSingleThreadScheduledExecutor();
        try (StreamingClient speaker = participant(room);
                StreamingClient listener = participant(room);
                StreamingClient flooder = participant(room)) {
            int speakerNumber = number(speaker);
            int flooderNumber = number(flooder);
            AudioChannelProbe heard = listener.audio();
            AtomicInteger spoken = new AtomicInteger();
            talking.scheduleAtFixedRate(
                    () -> {
                        int n = spoken.getAndIncrement();
                        speaker.audio().sendChunk(n, n * 20, AudioChannelProbe.OPUS_SILENCE);
                    },
                    0,
                    20,
                    TimeUnit.MILLISECONDS);
            Await.until(
                    () -> fromSpeaker(heard, speakerNumber) >= SECOND_OF_CHUNKS,
                    WAIT,
                    () -> "the listener's chunks: " + heard.chunksBySource());

            PrometheusScrape before = PrometheusScrape.now();
            double droppedBefore = before.valueOrZero(QUEUE_FULL);
            double takenBefore = before.valueOrZero(TAKEN);
            int spokenBefore = spoken.get();
            long framesBefore = listener.received().frames();
            byte[] largest = new byte[LARGEST_OPUS];
            new Random(11).nextBytes(largest);
            int flooded = 0;
            long floodEnd = System.nanoTime() + FLOOD.toNanos();
            while (System.nanoTime() < floodEnd) {
                if (flooder.audio().bufferedAmount() < FLOODER_QUEUE_BYTES) {
                    assertTrue(flooder.audio().sendChunk(flooded, flooded * 20, largest), "the flooder's channel");
                    flooded++;
                } else {
                    Await.pause(Duration.ofMillis(1));
                }
            }
            long framesDuringFlood = listener.received().frames() - framesBefore;
            int speakerAfterFlood = fromSpeaker(heard, speakerNumber);
            Await.until(
                    () -> fromSpeaker(heard, speakerNumber) >= speakerAfterFlood + SECOND_OF_CHUNKS,
                    WAIT,
                    () -> "the speaker's chunks at the listener after the flood: " + heard.chunksBySource());
            PrometheusScrape after = PrometheusScrape.now();
            double dropped = after.valueOrZero(QUEUE_FULL) - droppedBefore;
            // what the server took of the flood: all it took, less what the speaker sent meanwhile
            double floodTaken = after.valueOrZero(TAKEN) - takenBefore - (spoken.get() - spokenBefore);
            int floodHeard = heard.chunksBySource().getOrDefault(flooderNumber, 0);
            int floodAtSpeaker = speaker.audio().chunksBySource().getOrDefault(flooderNumber, 0);
            System.out.printf(
                    "[room-audio-overflow] %d chunks of %d bytes flooded in %d s, about %.0f taken by the server;"
                            + " the listener got %d of them, the"
                            + " speaker %d; dropped as queue_full: %.0f; the listener's video frames during the"
                            + " flood: %d; the speaker's sound at the listener: %d chunks before the flood ended,"
                            + " %d now%n",
                    flooded,
                    8 + LARGEST_OPUS,
                    FLOOD.toSeconds(),
                    floodTaken,
                    floodHeard,
                    floodAtSpeaker,
                    dropped,
                    framesDuringFlood,
                    speakerAfterFlood,
                    fromSpeaker(heard, speakerNumber));
            assertTrue(dropped > 0, "the flood overflowed a receiver's queue and was dropped there");
            assertTrue(floodHeard < flooded, "the listener got only part of the flood");
            assertTrue(framesDuringFlood > 0, "the listener's video went on during the flood");
        } finally {
            talking.shutdownNow();
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

    private static int fromSpeaker(AudioChannelProbe probe, int number) {
        return probe.chunksBySource().getOrDefault(number, 0);
    }

    private static StreamingClient participant(String room) {
        JsonObject join = Json.createObjectBuilder()
                .add("type", "join")
                .add("room", room)
                .add("role", "participant")
                .build();
        return StreamingClient.start(
                SIGNALING, join, TestPattern.shots(320, 240, 15), 15, f -> f.release(), (s, n) -> {});
    }

    /** A participant's number: its stream id's end, which marks its chunks (docs/protocol.md). */
    private static int number(StreamingClient participant) {
        String stream = participant.ready().getJsonObject("room").getString("streamId");
        return Integer.parseInt(stream.substring(stream.lastIndexOf('.') + 1));
    }

    private static String createRoom() {
        HttpResponse<String> answer =
                send(HttpRequest.newBuilder(BASE.resolve("/api/rooms")).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, answer.statusCode(), answer.body());
        return Json.createReader(new StringReader(answer.body())).readObject().getString("id");
    }
}
