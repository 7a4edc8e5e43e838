package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.rtc.FrameSender.Shot;
import io.magicshield.it.rtc.StatsChannelProbe;
import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.video.ClipFrames;
import io.magicshield.it.video.PalmCamera;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The page's uplink report on the stats channel ({@code upKbps}, {@code cameraWidth}, {@code cameraHeight} in a
 * ping; docs/protocol.md): a believable one sizes the camera's picture in the server's reports, hostile ones
 * (nonsense numbers, wrong types, oversized, binary) change nothing, are still answered where they are pings, and
 * leave the session up.
 */
class UplinkReportIT extends ServerUnderTest {

    private static final Duration SETTLE = Duration.ofSeconds(3);

    @Test
    void aThinUplinkShrinksTheCameraAndHostileReportsChangeNothing() throws Exception {
        List<Shot> shots = ClipFrames.load(TestData.clip01(), PalmCamera.WIDTH, PalmCamera.HEIGHT).stream()
                .map(frame -> new Shot(frame.number(), frame.image())).toList();
        try (StreamingClient client = StreamingClient.start(SIGNALING, shots, PalmCamera.FPS)) {
            StatsChannelProbe stats = client.stats();
            client.awaitFrames(30, Duration.ofSeconds(20));
            assertEquals(1.0, cameraScale(stats), "no uplink report yet: the camera keeps its own size");

            // 200 kbit/s carries 320x240 (138 kbit/s at 0.06 bit a pixel) but not 480x360 (311)
            stats.send(ping(1001, "\"upKbps\": 200, \"cameraWidth\": 640, \"cameraHeight\": 480"), false);
            Thread.sleep(SETTLE.toMillis());
            assertEquals(0.5, cameraScale(stats), "a 200 kbit/s uplink: the camera at half its size");

            List<String> hostile = List.of(
                    ping(1002, "\"upKbps\": -5, \"cameraWidth\": 640, \"cameraHeight\": 480"),
                    ping(1003, "\"upKbps\": 1e300, \"cameraWidth\": 640, \"cameraHeight\": 480"),
                    ping(1004, "\"upKbps\": 20, \"cameraWidth\": 1000000000, \"cameraHeight\": 1000000000"),
                    ping(1005, "\"upKbps\": 20, \"cameraWidth\": 0, \"cameraHeight\": 480"),
                    ping(1006, "\"upKbps\": \"20\", \"cameraWidth\": 640, \"cameraHeight\": 480"),
                    ping(1007, "\"upKbps\": 20, \"cameraWidth\": [640], \"cameraHeight\": 480"),
                    ping(1008, "\"upKbps\": 20"),
                    "{\"type\": \"ping\", \"upKbps\": 20, \"cameraWidth\": 640, \"cameraHeight\": 480}",
                    ping(1009, "\"upKbps\": 20, \"cameraWidth\": 640, \"cameraHeight\": 480, \"pad\": \""
                            + "x".repeat(300) + "\""),
                    "{\"type\": \"ping\", \"id\": 1010, \"upKbps\": 20",
                    "not json at all");
            for (String message : hostile) {
                stats.send(message, false);
            }
            stats.send(ping(1011, "\"upKbps\": 20, \"cameraWidth\": 640, \"cameraHeight\": 480"), true);
            Thread.sleep(SETTLE.toMillis());
            List<Integer> answered = stats.pongIds().stream().filter(id -> id > 1001).toList();
            System.out.printf("[uplink] after %d hostile reports: camera scale %.3f, pongs for %s, %d frames back so "
                    + "far%n", hostile.size() + 1, cameraScale(stats), answered, client.received().frames());
            assertEquals(0.5, cameraScale(stats), "no hostile report moved the camera's step");
            // pings with an id, under 256 bytes, as text, are answered whatever their uplink fields; the rest not at all
            assertEquals(List.of(1002, 1003, 1004, 1005, 1006, 1007, 1008), answered);
            long before = client.received().frames();
            client.awaitFrames(before + 30, Duration.ofSeconds(10));
        }
    }

    private static String ping(int id, String fields) {
        return "{\"type\": \"ping\", \"id\": " + id + ", \"t\": 1, " + fields + "}";
    }

    /** The camera step's scale in the server's latest report (1 when the report has none). */
    private static double cameraScale(StatsChannelProbe stats) {
        List<JsonObject> reports = stats.reports();
        assertTrue(!reports.isEmpty(), "the server reports once a second");
        JsonObject last = reports.get(reports.size() - 1);
        return last.containsKey("camera") ? last.getJsonObject("camera").getJsonNumber("scale").doubleValue() : 1.0;
    }
}
