package io.magicshield.it;

import static io.magicshield.it.signaling.ClientMessages.start;
import static io.magicshield.it.signaling.ClientMessages.stop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.signaling.SignalingClient;
import io.magicshield.it.signaling.SignalingClient.Closed;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The signaling socket's Origin allow-list as an operator configures it: one extra origin allowed (a kiosk page on
 * another host) and loopback origins not allowed. The configured origin and the page's own origin start sessions;
 * every other browser origin is refused with ORIGIN_REFUSED and a close (1008) whose reason names it.
 */
class OriginAllowListIT extends ServerTest {

    private static final String KIOSK = "https://kiosk.example.org";
    private static final String OWN_PAGE = ORIGIN;

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(
                Map.of("magicshield.origins.allowed", KIOSK, "magicshield.origins.allow-localhost", "false"));
    }

    @Test
    void onlyTheConfiguredOriginAndThePagesOwnMayStartSessions() {
        for (String allowed : Arrays.asList(KIOSK, KIOSK + "/", OWN_PAGE, null)) {
            try (SignalingClient client = SignalingClient.connect(SIGNALING, allowed)) {
                client.send(start());
                String session = client.await("ready").getString("sessionId");
                client.send(stop());
                client.await("ended");
                System.out.println("[origin] " + (allowed == null ? "no Origin header (not a browser)" : allowed)
                        + ": allowed, session " + session);
            }
        }
        for (String refused : List.of(
                "https://evil.example",
                "http://kiosk.example.org",
                "https://sub.kiosk.example.org",
                "https://kiosk.example.org.evil.example",
                "http://localhost:" + HTTP_PORT,
                "null")) {
            try (SignalingClient client = SignalingClient.connect(SIGNALING, refused)) {
                String message = client.expectError("ORIGIN_REFUSED");
                Closed closed = client.awaitClose();
                System.out.println("[origin] " + refused + ": " + closed);
                assertEquals(1008, closed.code(), refused);
                assertEquals("ORIGIN_REFUSED: pages from " + refused + " may not use this server", closed.reason());
                assertTrue(message.contains(refused), message);
            }
        }
    }
}
