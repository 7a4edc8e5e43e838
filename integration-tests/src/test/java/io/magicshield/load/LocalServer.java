package io.magicshield.load;

import io.magicshield.it.Await;
import io.magicshield.it.ServerTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server the driver starts itself ({@code -Dload.serve=true}): the webapp's own {@code serve.sh} (the command
 * behind {@code mvn -Pserve}) on the provisioned WildFly and the built WAR, from a server directory under
 * {@code target/load-server}, on 127.0.0.1. The admission limits that would turn the ramp away are lifted unless the
 * environment sets them: the session cap, the CPU gate (the driver's own peers load the same cores) and the
 * per-address start limit and socket cap (every session comes from 127.0.0.1). Any other setting goes in as an
 * environment variable, e.g. {@code MAGICSHIELD_NATIVE_ADAPTIVE=false}. serve.sh stops the server when this JVM goes away.
 */
final class LocalServer implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    private static final Duration STOP_LIMIT = Duration.ofMinutes(1);

    private final Process script;

    private LocalServer(Process script) {
        this.script = script;
    }

    static LocalServer start(LoadSettings settings) {
        if (answers(settings.base())) {
            throw new IllegalStateException("something already answers at " + settings.base()
                    + ": stop it, or leave out -Dload.serve to measure that server");
        }
        Path webapp = settings.webappDir().toAbsolutePath().normalize();
        Path war = webapp.resolve("target/magicshield.war");
        Path wildfly = webapp.resolve("target/wildfly");
        if (!Files.isRegularFile(war) || !Files.isDirectory(wildfly)) {
            throw new IllegalStateException("no built server in " + webapp.resolve("target")
                    + ": run mvn -pl webapp -am install -DskipTests first");
        }
        Path work = Path.of("target/load-server").toAbsolutePath();
        Path console = Path.of("target/load/server-console.log").toAbsolutePath();
        try {
            Files.createDirectories(console.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder builder = new ProcessBuilder(
                        "bash",
                        webapp.resolve("src/main/server/serve.sh").toString(),
                        wildfly.toString(),
                        war.toString(),
                        work.toString(),
                        "127.0.0.1")
                .redirectErrorStream(true)
                .redirectOutput(console.toFile());
        Map<String, String> env = builder.environment();
        env.putIfAbsent("MAGICSHIELD_SESSIONS_MAX", Integer.toString(settings.maxSessions()));
        env.putIfAbsent("MAGICSHIELD_SESSIONS_CPU_THRESHOLD_PERCENT", "100");
        env.putIfAbsent("MAGICSHIELD_SESSIONS_RATE_LIMIT_STARTS", "1000");
        env.putIfAbsent("MAGICSHIELD_SIGNALING_MAX_SOCKETS_PER_ADDRESS", "1000");
        System.out.println("[load] starting the server (console: " + console + "; log: " + work.resolve("log")
                + "); settings from the environment: "
                + env.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("MAGICSHIELD_"))
                        .map(Map.Entry::toString)
                        .sorted()
                        .toList());
        LocalServer server;
        try {
            server = new LocalServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run serve.sh", e);
        }
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (!answers(settings.base())) {
            if (!server.script.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException(
                        "the server did not come up within " + START_LIMIT + "; see " + console);
            }
            Await.pause(Duration.ofMillis(500));
        }
        return server;
    }

    /** Whether the application answers its metrics (deployed and serving). */
    static boolean answers(URI base) {
        try {
            return ServerTest.get(base.resolve("metrics")).statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** TERM to serve.sh, which stops WildFly gracefully and waits for it. */
    @Override
    public void close() {
        script.destroy();
        try {
            if (!script.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                System.out.println("[load] the server did not stop within " + STOP_LIMIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
