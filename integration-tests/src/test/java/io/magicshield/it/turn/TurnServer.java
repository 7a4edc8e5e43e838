package io.magicshield.it.turn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's coturn, run by a test on 127.0.0.1 in TURN REST API mode ({@code use-auth-secret} with a secret made for
 * the run), allowed to relay to loopback peers (the server under test is on 127.0.0.1), plain UDP/TCP only. Its
 * files (log, pid, database) stay in a directory of its own; closing it (or the JVM ending) stops it.
 */
public final class TurnServer implements AutoCloseable {

    public static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
    public static final String REALM = "magicshield.test";
    private static final Duration START_LIMIT = Duration.ofSeconds(15);
    /** Relay ports: a small range of its own, above Linux's ephemeral ports' usual start. */
    private static final int RELAY_PORTS = 100;

    private final int port;
    private final Path directory;
    private final Process process;
    private final Thread stopOnExit;

    private TurnServer(int port, Path directory, Process process) {
        this.port = port;
        this.directory = directory;
        this.process = process;
        this.stopOnExit = new Thread(process::destroyForcibly, "turnserver-cleanup");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** A UDP port free on 127.0.0.1 now (for the listener, chosen before the server is configured with it). */
    public static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random shared secret for {@code static-auth-secret}: known to coturn and the server, never to pages. */
    public static String newSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Starts coturn on 127.0.0.1:{@code port} and returns once it answers STUN there. */
    public static TurnServer start(int port, String secret, Path workDir) throws IOException {
        if (!Files.isExecutable(TURNSERVER)) {
            throw new IllegalStateException(
                    TURNSERVER + " is needed (Debian package coturn; the build installs it at " + "validate)");
        }
        Path directory = Files.createDirectories(workDir.resolve("turn-" + port));
        int minRelayPort = 50000 + (port % 100) * RELAY_PORTS;
        List<String> command = new ArrayList<>(List.of(
                TURNSERVER.toString(),
                "-n",
                "--listening-ip=127.0.0.1",
                "--listening-port=" + port,
                "--relay-ip=127.0.0.1",
                "--min-port=" + minRelayPort,
                "--max-port=" + (minRelayPort + RELAY_PORTS - 1),
                "--use-auth-secret",
                "--static-auth-secret=" + secret,
                "--realm=" + REALM,
                "--allow-loopback-peers",
                "--no-tls",
                "--no-dtls",
                "--no-cli",
                "--no-multicast-peers",
                "--pidfile=" + directory.resolve("turnserver.pid"),
                "--userdb=" + directory.resolve("turndb"),
                "--log-file=" + directory.resolve("turnserver.log"),
                "--simple-log",
                "--verbose"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("turnserver.out").toFile())
                .start();
        TurnServer server = new TurnServer(port, directory, process);
        try {
            server.awaitStunAnswer();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        System.out.printf(
                "[turn] coturn on 127.0.0.1:%d (relay ports %d-%d), log %s%n",
                port, minRelayPort, minRelayPort + RELAY_PORTS - 1, server.logFile());
        return server;
    }

    public int port() {
        return port;
    }

    /** For {@code magicshield.ice.turn-urls}. */
    public static String url(int port) {
        return "turn:127.0.0.1:" + port + "?transport=udp";
    }

    public Path logFile() {
        return directory.resolve("turnserver.log");
    }

    /** The lines of coturn's log that contain {@code text}. */
    public List<String> logLines(String text) {
        try {
            return Files.exists(logFile())
                    ? Files.readAllLines(logFile()).stream()
                            .filter(l -> l.contains(text))
                            .toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends STUN Binding Requests until one is answered (coturn is listening), or fails after a while. */
    private void awaitStunAnswer() throws IOException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(200);
            byte[] request = bindingRequest();
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "turnserver exited with " + process.exitValue() + "; see " + directory);
                }
                socket.send(new DatagramPacket(request, request.length, target));
                try {
                    socket.receive(new DatagramPacket(new byte[512], 512));
                    return;
                } catch (SocketTimeoutException e) {
                    // not listening yet
                }
            }
        }
        throw new IllegalStateException(
                "turnserver did not answer STUN on 127.0.0.1:" + port + " within " + START_LIMIT);
    }

    /** RFC 5389: type Binding Request, no attributes, the magic cookie, a random transaction id. */
    private static byte[] bindingRequest() {
        byte[] transaction = new byte[12];
        new SecureRandom().nextBytes(transaction);
        return ByteBuffer.allocate(20)
                .putShort((short) 0x0001)
                .putShort((short) 0)
                .putInt(0x2112A442)
                .put(transaction)
                .array();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }
}
