package io.magicshield.it.net;

import io.magicshield.it.net.ImpairmentRelay.Impairment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The application on the test bed as a person far from the server meets it: the server on one test host with
 * Debian's coturn beside it, Chromium on the other, the link between them capped by tbf where asked, and, for
 * loss and jitter, the seeded {@link ImpairmentRelay} in front of coturn (pages opened with {@code relay} send their
 * media through it). The server is the one the build made (the WAR and WildFly under {@code ../webapp/target}, or
 * those the failsafe run names).
 */
public final class AppOnTestBed implements AutoCloseable {

    /** Where the relay listens on the server host: the TURN address the server hands pages. */
    public static final int RELAY_PORT = 3479;

    private final TestNetwork network;
    private final NamespacedTurn turn;
    private final NamespacedServer server;
    private final Path workDir;

    private AppOnTestBed(TestNetwork network, NamespacedTurn turn, NamespacedServer server, Path workDir) {
        this.network = network;
        this.turn = turn;
        this.server = server;
        this.workDir = workDir;
    }

    /** @param env more server settings (environment variables) */
    public static AppOnTestBed start(String name, Path workDir, Map<String, String> env) {
        TestNetwork network = TestNetwork.create(name);
        NamespacedTurn turn = null;
        try {
            turn = NamespacedTurn.start(network, workDir);
            // the CPU gate off, as in the other integration tests: the machine's CPU is that of every test and build
            // on it (a load of 11 on 2 cores here turned the session down), not the server's own
            Map<String, String> settings = new TreeMap<>(Map.of(
                    "MAGICSHIELD_ICE_TURN_URLS", NamespacedTurn.url(network.serverAddress(), RELAY_PORT),
                    "MAGICSHIELD_ICE_TURN_SECRET", turn.secret(),
                    "MAGICSHIELD_SESSIONS_CPU_THRESHOLD_PERCENT", "100"));
            settings.putAll(env);
            NamespacedServer server = NamespacedServer.start(
                    network,
                    Path.of(System.getProperty("jboss.home", NamespacedServer.WILDFLY.toString())),
                    Path.of(System.getProperty("magicshield.war", NamespacedServer.WAR.toString())),
                    workDir.resolve("server-" + name),
                    settings);
            System.out.printf(
                    "[net] %s: the server answered %d ms after its start%n",
                    network, server.startTime().toMillis());
            return new AppOnTestBed(network, turn, server, workDir);
        } catch (RuntimeException | Error e) {
            if (turn != null) {
                turn.close();
            }
            network.close();
            throw e;
        }
    }

    public TestNetwork network() {
        return network;
    }

    /** The server's signaling endpoint, as a client on the client host reaches it. */
    public URI signalingUri() {
        return URI.create("ws://" + server.base().getAuthority() + "/ws/signal");
    }

    /** Opens the page at {@code /?autostart} (with {@code &relay} when asked) in Chromium on the client host. */
    public NamespacedChromium openPage(Path camera, boolean relay) throws IOException {
        String origin = server.base().toString().replaceAll("/$", "");
        NamespacedChromium browser = new NamespacedChromium(network, camera, workDir, origin, List.of());
        try {
            browser.driver().get(server.base() + (relay ? "?autostart&relay" : "?autostart"));
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
        return browser;
    }

    /** Starts the relay in front of coturn with these impairments toward the server and toward the page. */
    public ImpairmentRelayProcess impair(Impairment toServer, Impairment toPage, long seed) {
        return ImpairmentRelayProcess.start(
                network::inServer,
                new ImpairmentRelay.Settings(
                        new InetSocketAddress(network.serverAddress(), RELAY_PORT),
                        turn.address(),
                        toServer,
                        toPage,
                        seed,
                        ImpairmentRelay.Settings.DEFAULT_QUEUE_LIMIT));
    }

    /** The server's metrics as Prometheus text, fetched over the control link. */
    public String metrics() {
        return server.metrics();
    }

    @Override
    public void close() {
        List<AutoCloseable> parts = new ArrayList<>(List.of(server, turn, network));
        RuntimeException failure = null;
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the test bed failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
