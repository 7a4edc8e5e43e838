package io.magicshield.it;

import static io.magicshield.it.signaling.ClientMessages.start;
import static io.magicshield.it.signaling.ClientMessages.stop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.signaling.SignalingClient;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * A page's socket is silent while it streams, and WildFly closes a connection nothing was read from for 90 s (its
 * listeners' read-timeout): the server pings every socket (here every second instead of 25 s) so that the pongs keep
 * it open. Without them every session ended after 90 s; LongSessionSoakIT shows a ten-minute one.
 */
class SignalingKeepAliveIT extends ServerTest {

    private static final int KEEP_ALIVE_SECONDS = 1;
    private static final int SILENT_SECONDS = 5;

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of("magicshield.signaling.keep-alive-seconds", Integer.toString(KEEP_ALIVE_SECONDS)));
    }

    @Test
    void aSilentSocketIsPingedAndStaysOpen() throws InterruptedException {
        try (SignalingClient client = SignalingClient.connect(SIGNALING)) {
            client.send(start());
            client.await("ready");
            Thread.sleep(SILENT_SECONDS * 1000L);
            System.out.println("[keep-alive] pings in " + SILENT_SECONDS + " s of silence: " + client.pings());
            assertTrue(client.pings() >= SILENT_SECONDS / KEEP_ALIVE_SECONDS - 1, "pings: " + client.pings());
            assertTrue(client.isOpen(), "the socket is open");
            client.send(stop());
            assertEquals("stopped", client.await("ended").getString("reason"));
        }
    }
}
