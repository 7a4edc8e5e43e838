package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.rtc.FrameRateMeter;
import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.rtc.WhepPlayer;
import io.magicshield.it.server.LeakCheck;
import io.magicshield.it.signaling.SignalingClient.Closed;
import io.magicshield.it.video.TestPattern;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A session limited to 6 s with the warning 3 s before: the streaming page is warned once, with the seconds left,
 * the video flows on until the end, then the session ends with {@code time_limit}, the socket closes normally and
 * the server gives everything back. A pulled source is not cut by it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionTimeLimitIT extends ServerTest {

    private static final int MAX_SECONDS = 6;
    private static final int WARNING_SECONDS = 3;
    private static final int FPS = 30;
    /** The housekeeping checks deadlines once a second. */
    private static final double TICK_SECONDS = 1.0;

    private static final String OPERATOR = "time-limit-operator-token-0123";
    /** Long enough for two of the limit's ends and the deadlines' tick. */
    private static final Duration OUTLIVE = Duration.ofSeconds(2L * MAX_SECONDS + 2);

    @Deployment(testable = false)
    static WebArchive application() {
        Path hands = Path.of(System.getProperty("magicshield.testdata", "../../shared/testdata/hands"))
                .toAbsolutePath()
                .normalize();
        return configuredWar(Map.of(
                "magicshield.sessions.max-duration-seconds",
                Integer.toString(MAX_SECONDS),
                "magicshield.sessions.warning-seconds",
                Integer.toString(WARNING_SECONDS),
                "magicshield.sources.token",
                OPERATOR,
                "magicshield.sources.folder",
                hands.toString()));
    }

    @Test
    @Order(1)
    void aSessionIsWarnedThenEndedAtItsTimeLimit() {
        LeakCheck leaks = LeakCheck.begin("time-limit");
        long start = System.nanoTime();
        JsonObject warning;
        JsonObject ended;
        Closed closed;
        double warnedAt;
        double endedAt;
        double fpsAfterWarning;
        try (StreamingClient client = StreamingClient.start(SIGNALING, TestPattern.shots(640, 480, FPS), FPS)) {
            assertEquals(MAX_SECONDS, client.ready().getInt("maxDurationSeconds"));
            assertEquals(WARNING_SECONDS, client.ready().getInt("warningSeconds"));
            warning = client.signaling().await("warning");
            warnedAt = (System.nanoTime() - start) / 1e9;
            FrameRateMeter.Reading atWarning = client.received().read();
            ended = client.signaling().await("ended");
            endedAt = (System.nanoTime() - start) / 1e9;
            fpsAfterWarning = client.received().fpsSince(atWarning);
            closed = client.signaling().awaitClose();
        }
        System.out.printf("[time-limit] warning after %.1f s: %s%n", warnedAt, warning);
        System.out.printf(
                "[time-limit] ended after %.1f s: %s; closed %s; video between the two: %.1f fps%n",
                endedAt, ended, closed, fpsAfterWarning);

        assertEquals("TIME_LIMIT", warning.getString("code"));
        int secondsLeft = warning.getInt("secondsLeft");
        assertTrue(
                secondsLeft >= WARNING_SECONDS - 1 && secondsLeft <= WARNING_SECONDS, "seconds left: " + secondsLeft);
        assertTrue(warnedAt <= MAX_SECONDS - WARNING_SECONDS + TICK_SECONDS + 0.5, "warned in time: " + warnedAt);
        assertEquals("time_limit", ended.getString("reason"));
        assertTrue(
                endedAt >= MAX_SECONDS - 0.5 && endedAt <= MAX_SECONDS + TICK_SECONDS + 0.5,
                "ended at the limit: " + endedAt);
        assertEquals(new Closed(1000, "session ended: time_limit"), closed);
        assertTrue(fpsAfterWarning > FPS / 2.0, "the video went on after the warning: " + fpsAfterWarning + " fps");
        leaks.assertNothingLeft(4);
    }

    /**
     * A pulled source is a server-side stream, not a person's session: the time limit does not cut it, so it keeps
     * its stream id (with the limit, it used to publish again under a new one every 6 s here), and a player that
     * comes after twice the limit still finds it.
     */
    @Test
    @Order(2)
    void aPulledSourceOutlivesTheTimeLimitUnderOneStreamId() {
        TestData.clip02(); // skips loudly without the shared data
        HttpResponse<String> created = send(operator("/api/sources")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"file:clip02.mp4\"}")));
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        try {
            JsonObject live = awaitStatus(location, s -> s.containsKey("streamId"));
            Await.pause(OUTLIVE);
            JsonObject later = awaitStatus(location, s -> true);
            System.out.printf("[time-limit] a source at first: %s; %d s later: %s%n", live, OUTLIVE.toSeconds(), later);
            assertEquals(live.getString("streamId"), later.getString("streamId"), "one stream id all along");
            assertEquals("live", later.getString("state"));
            assertTrue(
                    later.getJsonNumber("frames").longValue()
                            > live.getJsonNumber("frames").longValue() + 2 * OUTLIVE.toSeconds(),
                    "frames flowed all along: " + later);
            try (WhepPlayer player = new WhepPlayer()) {
                assertEquals(
                        201, player.play(BASE.resolve(later.getString("whep"))).status());
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                // clip02 has 5 frames a second, and the player's own session has the 6 s limit
                while (player.frames() < 5 && System.nanoTime() < until) {
                    Await.pause(Duration.ofMillis(200));
                }
                assertTrue(player.frames() >= 5, "a player after twice the limit gets the stream");
            }
        } finally {
            send(operator(location).DELETE());
        }
    }

    private static HttpRequest.Builder operator(String path) {
        return HttpRequest.newBuilder(BASE.resolve(path)).header("Authorization", "Bearer " + OPERATOR);
    }

    private static JsonObject awaitStatus(String location, Predicate<JsonObject> condition) {
        long until = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        JsonObject status;
        do {
            HttpResponse<String> response = send(operator(location).GET());
            assertEquals(200, response.statusCode(), response.body());
            status = Json.createReader(new StringReader(response.body())).readObject();
            if (condition.test(status)) {
                return status;
            }
            Await.pause(Duration.ofMillis(250));
        } while (System.nanoTime() < until);
        throw new AssertionError("the source's status never came to it: " + status);
    }
}
