package io.magicshield.it;

import static io.magicshield.it.signaling.ClientMessages.start;
import static io.magicshield.it.signaling.ClientMessages.stop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.browser.PageProbe;
import io.magicshield.it.server.LeakCheck;
import io.magicshield.it.signaling.SignalingClient;
import io.magicshield.it.signaling.SignalingClient.Closed;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The cap on open signaling sockets per client address (4 here): from 127.0.0.1 the fifth socket, and any while four
 * are open, gets {@code TOO_MANY_SOCKETS} and close 1013 at once, while the four go on working, and the page in
 * Chromium shows the reason; a socket closed normally, one dropped without a close handshake, and one the server
 * ended each give their place back; sockets opened all at once get exactly four places. Nothing is left over.
 */
class SocketCapIT extends ServerTest {

    private static final int CAP = 4;
    /** Over the cap by this many, when sockets race for the places. */
    private static final int EXTRA = 6;

    private static final String REASON =
            "TOO_MANY_SOCKETS: too many connections from 127.0.0.1: at most " + CAP + " at once";
    private static final String PROBE = "{\"type\": \"no-such-type\"}";
    /**
     * How long a closed socket's place may take to come back: @OnClose runs moments after the close handshake, and
     * after a dropped connection once the server has read the reset (at once on the loopback).
     */
    private static final Duration RELEASE_SEEN = Duration.ofSeconds(10);

    /** Idle sockets must outlive the test: the offer timeout would end them after 20 s. */
    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of(
                "magicshield.signaling.max-sockets-per-address",
                Integer.toString(CAP),
                "magicshield.sessions.offer-timeout-seconds",
                "300"));
    }

    @Test
    void socketsOverTheCapAreClosedAndPlacesComeBack() throws Exception {
        LeakCheck leaks = LeakCheck.begin("sockets");
        List<SignalingClient> open = new ArrayList<>();
        try {
            for (int i = 1; i <= CAP; i++) {
                // admitted() waits for the server's answer: the handshake's end comes before @OnOpen has counted it
                open.add(accepted("socket " + i));
            }
            for (int i = 0; i < 3; i++) {
                assertRefused("socket " + (CAP + 1 + i));
            }
            for (SignalingClient client : open) {
                assertTrue(admitted(client), "the sockets within the cap work on");
            }

            PageProbe.Sample page = PageProbe.refusedAt(BASE + "?autostart");
            System.out.println(
                    "[sockets] the page, refused: state " + page.state() + ", banner \"" + page.banner() + "\"");
            assertEquals("error", page.state());
            assertTrue(
                    page.banner() != null
                            && page.banner().contains("turned the session down")
                            && page.banner().contains("too many connections from 127.0.0.1"),
                    "the page says why: " + page.banner());

            open.remove(0).close();
            open.add(acceptedWithin(RELEASE_SEEN, "after a normal close"));
            assertRefused("over the cap again");

            open.remove(0).abort();
            open.add(acceptedWithin(RELEASE_SEEN, "after a dropped connection"));
            assertRefused("over the cap again");

            SignalingClient ended = open.remove(0);
            ended.send(stop()); // the server ends a socket without a session: "ended", close 1000
            assertEquals("stopped", ended.await("ended").getString("reason"));
            assertEquals(1000, ended.awaitClose().code());
            ended.close();
            open.add(acceptedWithin(RELEASE_SEEN, "after the server ended one"));
            assertRefused("over the cap again");

            // the cap's sockets still work: a session starts and stops on one of them
            SignalingClient working = open.get(CAP - 1);
            working.send(start());
            working.await("ready");
            working.send(stop());
            working.await("ended");
        } finally {
            open.forEach(SignalingClient::close);
        }
        leaks.assertNothingLeft(4);
    }

    @Test
    void socketsOpenedAllAtOnceGetExactlyTheCap() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CAP + EXTRA);
        List<SignalingClient> clients = new ArrayList<>();
        try {
            List<Callable<SignalingClient>> connects = IntStream.range(0, CAP + EXTRA)
                    .mapToObj(i -> (Callable<SignalingClient>) () -> SignalingClient.connect(SIGNALING))
                    .toList();
            for (Future<SignalingClient> connect : pool.invokeAll(connects)) {
                clients.add(connect.get());
            }
            int refused = 0;
            List<SignalingClient> admitted = new ArrayList<>();
            for (SignalingClient client : clients) {
                if (admitted(client)) {
                    admitted.add(client);
                } else {
                    assertEquals(1013, client.awaitClose().code());
                    refused++;
                }
            }
            System.out.printf("[sockets] %d at once: %d admitted, %d refused%n", CAP + EXTRA, admitted.size(), refused);
            assertEquals(CAP, admitted.size());
            assertEquals(EXTRA, refused);
            for (SignalingClient client : admitted) {
                client.send(start());
                client.await("ready");
                client.send(stop());
                client.await("ended");
            }
        } finally {
            clients.forEach(SignalingClient::close);
            pool.shutdownNow();
        }
    }

    private static void assertRefused(String which) {
        try (SignalingClient client = SignalingClient.connect(SIGNALING)) {
            String message = client.expectError("TOO_MANY_SOCKETS");
            Closed closed = client.awaitClose();
            System.out.println("[sockets] " + which + ": TOO_MANY_SOCKETS \"" + message + "\", closed " + closed);
            assertEquals(1013, closed.code(), which);
            assertTrue(closed.reason().startsWith(REASON), closed.reason());
        }
    }

    /**
     * Whether the server admitted this socket: asked something it does not know, an admitted socket answers
     * {@code UNKNOWN_TYPE} and stays open, while a refused one was sent {@code TOO_MANY_SOCKETS} on opening.
     */
    private static boolean admitted(SignalingClient client) {
        client.sendIfOpen(PROBE);
        JsonObject first = client.next();
        String code = first.getString("code", "");
        if (!code.equals("UNKNOWN_TYPE") && !code.equals("TOO_MANY_SOCKETS")) {
            throw new AssertionError("neither admitted nor refused: " + first);
        }
        return code.equals("UNKNOWN_TYPE");
    }

    private static SignalingClient accepted(String which) {
        SignalingClient client = SignalingClient.connect(SIGNALING);
        if (!admitted(client)) {
            client.close();
            throw new AssertionError(which + ": the new socket was refused");
        }
        System.out.println("[sockets] " + which + ": a new socket is admitted");
        return client;
    }

    /** {@link #accepted}, trying again (for a bounded time) until the server has given a closed socket's place back. */
    private static SignalingClient acceptedWithin(Duration limit, String which) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (int attempt = 1; ; attempt++) {
            SignalingClient client = SignalingClient.connect(SIGNALING);
            if (admitted(client)) {
                System.out.println("[sockets] " + which + ": a new socket is admitted (attempt " + attempt + ")");
                return client;
            }
            client.close();
            if (System.nanoTime() > deadline) {
                throw new AssertionError(which + ": still refused after " + limit);
            }
            Await.pause(Duration.ofMillis(200));
        }
    }
}
