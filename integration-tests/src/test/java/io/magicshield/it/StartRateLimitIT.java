package io.magicshield.it;

import static io.magicshield.it.signaling.ClientMessages.start;
import static io.magicshield.it.signaling.ClientMessages.stop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.server.LeakCheck;
import io.magicshield.it.signaling.SignalingClient;
import io.magicshield.it.signaling.SignalingClient.Closed;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Session starts per client address, with a burst of 3 refilled over an hour: three starts from 127.0.0.1 are
 * admitted, the next ones are refused with RATE_LIMITED (close 1013) naming the limit; refused attempts count too.
 */
class StartRateLimitIT extends ServerTest {

    private static final int STARTS = 3;
    private static final int WINDOW_SECONDS = 3600;

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of(
                "magicshield.sessions.rate-limit.starts",
                Integer.toString(STARTS),
                "magicshield.sessions.rate-limit.window-seconds",
                Integer.toString(WINDOW_SECONDS)));
    }

    @Test
    void startsBeyondTheBurstAreRefused() {
        LeakCheck leaks = LeakCheck.begin("rate");
        double refusedBefore =
                PrometheusScrape.now().valueOrZero("magicshield_sessions_refused_total{reason=\"rate_limited\"}");
        for (int i = 1; i <= STARTS; i++) {
            try (SignalingClient client = SignalingClient.connect(SIGNALING)) {
                client.send(start());
                client.await("ready");
                client.send(stop());
                client.await("ended");
            }
        }
        for (int i = 1; i <= 2; i++) {
            try (SignalingClient client = SignalingClient.connect(SIGNALING)) {
                client.send(start());
                String reason = client.expectError("RATE_LIMITED");
                Closed closed = client.awaitClose();
                System.out.println(
                        "[rate] start " + (STARTS + i) + ": RATE_LIMITED \"" + reason + "\", closed " + closed);
                assertEquals(1013, closed.code());
                assertTrue(
                        reason.contains("from 127.0.0.1: at most " + STARTS + " per " + WINDOW_SECONDS + " s"), reason);
            }
        }
        double refused = PrometheusScrape.now().value("magicshield_sessions_refused_total{reason=\"rate_limited\"}")
                - refusedBefore;
        System.out.printf("[rate] %d starts admitted, %.0f refused%n", STARTS, refused);
        assertEquals(2, refused);
        leaks.assertNothingLeft(4);
    }
}
