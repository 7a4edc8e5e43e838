package io.magicshield.it.net;

import io.magicshield.it.Await;
import io.magicshield.it.ServerTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The application in the server host, started as a person starts it: the webapp's own {@code serve.sh} on the
 * provisioned WildFly and the built WAR, bound to the host's address on the link between the hosts (WildFly's other
 * ports, management included, stay on 127.0.0.1 of that host, so a server in the root namespace does not clash).
 * The page's origin {@code http://ADDRESS:8080} is allowed and media use a small UDP port range; the test JVM, which
 * is no loopback client of that server, reads its metrics with a token made for the run. The caller adds any other
 * setting as an environment variable (e.g. TURN). serve.sh stops the server should the test JVM go away.
 */
public final class NamespacedServer implements AutoCloseable {

    /** Relative to the integration-tests module, where failsafe runs. */
    public static final Path WILDFLY = Path.of("../webapp/target/wildfly");

    public static final Path WAR = Path.of("../webapp/target/magicshield.war");
    public static final Path SERVE_SCRIPT = Path.of("../webapp/src/main/server/serve.sh");
    public static final int HTTP_PORT = 8080;
    /** Media ports: a few sessions' worth, so coturn's and a test's peer permissions stay few. */
    public static final String RTC_UDP_PORTS = "50000-50049";

    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    private static final Duration STOP_LIMIT = Duration.ofMinutes(1);

    private final Process script;
    private final URI base;
    private final String metricsToken;
    private final Duration startTime;
    private final Thread stopOnExit;

    private NamespacedServer(Process script, URI base, String metricsToken, Duration startTime) {
        this.script = script;
        this.base = base;
        this.metricsToken = metricsToken;
        this.startTime = startTime;
        this.stopOnExit = new Thread(this::stop, "namespaced-server-cleanup");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts the server and returns once its metrics answer from the test JVM (deployed and serving).
     *
     * @param workDir its server directory ({@code server/}) and console log ({@code server-console.log}) go here
     * @param env     more settings, e.g. {@code MAGICSHIELD_ICE_TURN_URLS}; they win over the ones made here
     */
    public static NamespacedServer start(
            TestNetwork network, Path wildflyHome, Path war, Path workDir, Map<String, String> env) {
        if (!Files.isDirectory(wildflyHome) || !Files.isRegularFile(war)) {
            throw new IllegalStateException(
                    "no built server: " + wildflyHome + ", " + war + " (mvn -pl webapp -am install -DskipTests)");
        }
        URI base = URI.create("http://" + network.serverAddress() + ":" + HTTP_PORT + "/");
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String metricsToken = HexFormat.of().formatHex(random);
        if (answers(base, metricsToken)) {
            throw new IllegalStateException("something already answers at " + base);
        }
        Path work = workDir.toAbsolutePath();
        Path console = work.resolve("server-console.log");
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder builder = network.inServer(List.of(
                        "bash",
                        SERVE_SCRIPT.toAbsolutePath().toString(),
                        wildflyHome.toAbsolutePath().toString(),
                        war.toAbsolutePath().toString(),
                        work.resolve("server").toString(),
                        network.serverAddress()))
                .redirectErrorStream(true)
                .redirectOutput(console.toFile());
        Map<String, String> settings = new TreeMap<>(Map.of(
                "MAGICSHIELD_ORIGINS_ALLOWED", base.toString().replaceAll("/$", ""),
                "MAGICSHIELD_RTC_UDP_PORTS", RTC_UDP_PORTS,
                "MAGICSHIELD_METRICS_TOKEN", metricsToken));
        settings.putAll(env);
        builder.environment().putAll(settings);
        System.out.println("[net] starting the server in " + network.serverNamespace() + " at " + base + " (console: "
                + console + ") with " + settings.keySet());
        long started = System.nanoTime();
        Process script;
        try {
            script = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run serve.sh", e);
        }
        long deadline = started + START_LIMIT.toNanos();
        while (!answers(base, metricsToken)) {
            if (!script.isAlive() || System.nanoTime() > deadline) {
                stop(script);
                throw new IllegalStateException(
                        "the server did not come up within " + START_LIMIT + "; see " + console);
            }
            Await.pause(Duration.ofMillis(250));
        }
        return new NamespacedServer(script, base, metricsToken, Duration.ofNanos(System.nanoTime() - started));
    }

    /** {@code http://ADDRESS:8080/}, the page's origin. */
    public URI base() {
        return base;
    }

    /** The server's metrics as Prometheus text, fetched from the root namespace over the control link. */
    public String metrics() {
        return metrics(base, metricsToken).body();
    }

    /** From serve.sh's start to the first answer of the metrics. */
    public Duration startTime() {
        return startTime;
    }

    /** TERM to serve.sh, which stops WildFly gracefully and waits for it. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    private void stop() {
        stop(script);
    }

    private static void stop(Process script) {
        script.destroy();
        try {
            if (!script.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                // WildFly hung in its shutdown: what runs in the host is ended when the network closes
                System.err.println("[net] the server did not stop within " + STOP_LIMIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the application answers its metrics, asked from the root namespace over the control link. */
    private static boolean answers(URI base, String metricsToken) {
        try {
            return metrics(base, metricsToken).statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static HttpResponse<String> metrics(URI base, String metricsToken) {
        return ServerTest.get(base.resolve("metrics"), "Authorization", "Bearer " + metricsToken);
    }
}
