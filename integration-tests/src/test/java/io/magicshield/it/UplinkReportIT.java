package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.rtc.FrameSender.Shot;
import io.magicshield.it.rtc.StatsChannelProbe;
import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.server.LeakCheck;
import io.magicshield.it.video.ClipFrames;
import io.magicshield.it.video.PalmCamera;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The page's uplink report on the stats channel ({@code upKbps}, {@code cameraWidth}, {@code cameraHeight} in a
 * ping; docs/protocol.md): a believable one sets the camera's picture and cap in the server's reports, hostile ones
 * (nonsense numbers, wrong types, oversized, binary) change nothing, are still answered where they are pings, and a
 * flood of them leaves the session up.
 */
class UplinkReportIT extends ServerUnderTest {

    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final int FLOOD = 1000;
    /** Idle pool threads the server may keep after a session (WebRTC's and the teardown's), never one per session. */
    private static final int THREAD_SLACK = 6;

    @Test
    void aThinUplinkShrinksTheCameraAndHostileReportsChangeNothing() throws Exception {
        LeakCheck leaks = LeakCheck.begin("uplink");
        List<Shot> shots = ClipFrames.load(TestData.clip01(), PalmCamera.WIDTH, PalmCamera.HEIGHT).stream()
                .map(frame -> new Shot(frame.number(), frame.image()))
                .toList();
        try (StreamingClient client = StreamingClient.start(SIGNALING, shots, PalmCamera.FPS)) {
            StatsChannelProbe stats = client.stats();
            client.awaitFrames(30, Duration.ofSeconds(20));
            assertEquals(1.0, cameraScale(stats), "no uplink report yet: the camera keeps its own size");

            // 200 kbit/s carries 320x240 (138 kbit/s at 0.06 bit a pixel) but not 480x360 (311)
            stats.send(ping(1001, "\"upKbps\": 200, \"cameraWidth\": 640, \"cameraHeight\": 480"), false);
            Thread.sleep(SETTLE.toMillis());
            assertEquals(0.5, cameraScale(stats), "a 200 kbit/s uplink: the camera at half its size");
            assertEquals(160, cameraCap(stats), "and capped at 80% of the uplink's estimate");

            List<String> hostile = List.of(
                    ping(1002, "\"upKbps\": -5, \"cameraWidth\": 640, \"cameraHeight\": 480"),
                    ping(1003, "\"upKbps\": 1e300, \"cameraWidth\": 640, \"cameraHeight\": 480"),
                    ping(1004, "\"upKbps\": 20, \"cameraWidth\": 1000000000, \"cameraHeight\": 1000000000"),
                    ping(1005, "\"upKbps\": 20, \"cameraWidth\": 0, \"cameraHeight\": 480"),
                    ping(1006, "\"upKbps\": \"20\", \"cameraWidth\": 640, \"cameraHeight\": 480"),
                    ping(1007, "\"upKbps\": 20, \"cameraWidth\": [640], \"cameraHeight\": 480"),
                    ping(1008, "\"upKbps\": 20"),
                    "{\"type\": \"ping\", \"upKbps\": 20, \"cameraWidth\": 640, \"cameraHeight\": 480}",
                    ping(
                            1009,
                            "\"upKbps\": 20, \"cameraWidth\": 640, \"cameraHeight\": 480, \"pad\": \"" + "x".repeat(300)
                                    + "\""),
                    "{\"type\": \"ping\", \"id\": 1010, \"upKbps\": 20",
                    "not json at all");
            for (String message : hostile) {
                stats.send(message, false);
            }
            stats.send(ping(1011, "\"upKbps\": 20, \"cameraWidth\": 640, \"cameraHeight\": 480"), true);
            Thread.sleep(SETTLE.toMillis());
            List<Integer> answered =
                    stats.pongIds().stream().filter(id -> id > 1001).toList();
            System.out.printf(
                    "[uplink] after %d hostile reports: camera scale %.3f, pongs for %s, %d frames back so " + "far%n",
                    hostile.size() + 1,
                    cameraScale(stats),
                    answered,
                    client.received().frames());
            assertEquals(0.5, cameraScale(stats), "no hostile report moved the camera's step");
            assertEquals(160, cameraCap(stats), "nor its cap");
            // pings with an id, under 256 bytes, as text, are answered whatever their uplink fields; the rest not at
            // all
            assertEquals(List.of(1002, 1003, 1004, 1005, 1006, 1007, 1008), answered);
            // a flood: a burst of reports as fast as the channel takes them, bounded in count
            for (int i = 0; i < FLOOD; i++) {
                stats.send(
                        ping(
                                2000 + i,
                                "\"upKbps\": " + (i % 2 == 0 ? 200 : -1)
                                        + ", \"cameraWidth\": 640, \"cameraHeight\": 480"),
                        false);
            }
            long before = client.received().frames();
            client.awaitFrames(before + 30, Duration.ofSeconds(10));
            System.out.printf(
                    "[uplink] after a flood of %d reports: camera scale %.3f, cap %d kbit/s, frames still "
                            + "coming%n",
                    FLOOD, cameraScale(stats), cameraCap(stats));
            assertEquals(0.5, cameraScale(stats), "the flood's believable reports say the same as before");
        }
        leaks.assertNothingLeft(THREAD_SLACK);
    }

    private static String ping(int id, String fields) {
        return "{\"type\": \"ping\", \"id\": " + id + ", \"t\": 1, " + fields + "}";
    }

    /** The camera's cap in the server's latest report, in kbit/s (-1 when the report has none). */
    private static int cameraCap(StatsChannelProbe stats) {
        List<JsonObject> reports = stats.reports();
        JsonObject last = reports.get(reports.size() - 1);
        return last.containsKey("camera") ? last.getJsonObject("camera").getInt("maxKbps") : -1;
    }

    /** The camera step's scale in the server's latest report (1 when the report has none). */
    private static double cameraScale(StatsChannelProbe stats) {
        List<JsonObject> reports = stats.reports();
        assertTrue(!reports.isEmpty(), "the server reports once a second");
        JsonObject last = reports.get(reports.size() - 1);
        return last.containsKey("camera")
                ? last.getJsonObject("camera").getJsonNumber("scale").doubleValue()
                : 1.0;
    }
}
