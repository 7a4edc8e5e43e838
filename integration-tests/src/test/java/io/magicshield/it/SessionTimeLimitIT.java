package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.rtc.FrameRateMeter;
import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.server.LeakCheck;
import io.magicshield.it.signaling.SignalingClient.Closed;
import io.magicshield.it.video.TestPattern;
import jakarta.json.JsonObject;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * A session limited to 6 s with the warning 3 s before: the streaming page is warned once, with the seconds left,
 * the video flows on until the end, then the session ends with {@code time_limit}, the socket closes normally and
 * the server gives everything back.
 */
class SessionTimeLimitIT extends ServerTest {

    private static final int MAX_SECONDS = 6;
    private static final int WARNING_SECONDS = 3;
    private static final int FPS = 30;
    /** The housekeeping checks deadlines once a second. */
    private static final double TICK_SECONDS = 1.0;

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of(
                "magicshield.sessions.max-duration-seconds",
                Integer.toString(MAX_SECONDS),
                "magicshield.sessions.warning-seconds",
                Integer.toString(WARNING_SECONDS)));
    }

    @Test
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
}
