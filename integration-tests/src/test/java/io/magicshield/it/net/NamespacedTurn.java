package io.magicshield.it.net;

import io.magicshield.it.Await;
import io.magicshield.it.turn.TurnServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Debian's coturn in the server host, on 127.0.0.1 there: only a relay in the same host (the
 * {@link ImpairmentRelay}) reaches it, so a browser's TURN traffic takes the impaired path or none. It relays from the
 * server's address on the link between the hosts: the application's host candidates (that address and its control
 * address) are private addresses, which coturn 4.6 allows as peers unless {@code denied-peer-ip} says otherwise; no
 * loopback peer is needed. TURN REST API mode with a secret made for the run, as the application expects.
 */
public final class NamespacedTurn implements AutoCloseable {

    public static final int PORT = 3478;
    /** Relay ports: a small range of the server host's own (no other coturn runs there). */
    private static final int MIN_RELAY_PORT = 49160;

    private static final int MAX_RELAY_PORT = 49199;
    private static final Duration START_LIMIT = Duration.ofSeconds(15);

    private final String secret;
    private final ChildProgram coturn;

    private NamespacedTurn(String secret, ChildProgram coturn) {
        this.secret = secret;
        this.coturn = coturn;
    }

    /** Starts coturn in the server host and returns once it listens; its files go to {@code workDir}. */
    public static NamespacedTurn start(TestNetwork network, Path workDir) {
        if (!Files.isExecutable(TurnServer.TURNSERVER)) {
            throw new IllegalStateException(TurnServer.TURNSERVER + " is needed (Debian package coturn)");
        }
        Path directory;
        try {
            directory = Files.createDirectories(workDir.resolve("turn-" + network.serverNamespace()))
                    .toAbsolutePath();
            // an earlier run's database would hold its secret: start from none
            Files.deleteIfExists(directory.resolve("turndb"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String secret = TurnServer.newSecret();
        ChildProgram coturn = ChildProgram.start(
                "turn",
                network.inServer(List.of(
                        TurnServer.TURNSERVER.toString(),
                        "-n",
                        "--listening-ip=127.0.0.1",
                        "--listening-port=" + PORT,
                        "--relay-ip=" + network.serverAddress(),
                        "--min-port=" + MIN_RELAY_PORT,
                        "--max-port=" + MAX_RELAY_PORT,
                        "--use-auth-secret",
                        "--static-auth-secret=" + secret,
                        "--realm=" + TurnServer.REALM,
                        "--no-tls",
                        "--no-dtls",
                        "--no-cli",
                        "--no-multicast-peers",
                        "--pidfile=" + directory.resolve("turnserver.pid"),
                        "--userdb=" + directory.resolve("turndb"),
                        "--log-file=stdout",
                        "--simple-log")));
        try {
            awaitListening(network, coturn);
        } catch (RuntimeException e) {
            coturn.close();
            throw e;
        }
        return new NamespacedTurn(secret, coturn);
    }

    /** For the application's {@code magicshield.ice.turn-secret}. */
    public String secret() {
        return secret;
    }

    /** Where it listens in the server host: the upstream of an {@link ImpairmentRelay} there. */
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", PORT);
    }

    /** A TURN URL for {@code magicshield.ice.turn-urls}: UDP to {@code host:port} (the relay in front of coturn). */
    public static String url(String host, int port) {
        return "turn:" + host + ":" + port + "?transport=udp";
    }

    @Override
    public void close() {
        coturn.close();
    }

    /**
     * Waits until the server host has a UDP socket on 127.0.0.1:{@value #PORT}. Its listener is in another namespace
     * than the test JVM, and coturn prints no line once it listens, so the host's socket table is read.
     */
    private static void awaitListening(TestNetwork network, ChildProgram coturn) {
        String local = String.format(Locale.ROOT, "0100007F:%04X", PORT);
        List<String> readTable =
                network.inServer(List.of("cat", "/proc/net/udp")).command();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (!CheckedCommand.run(readTable).contains(local)) {
            if (System.nanoTime() > deadline || !coturn.isAlive()) {
                throw new IllegalStateException("coturn did not listen on 127.0.0.1:" + PORT + " in "
                        + network.serverNamespace() + " within " + START_LIMIT);
            }
            Await.pause(Duration.ofMillis(100));
        }
    }
}
