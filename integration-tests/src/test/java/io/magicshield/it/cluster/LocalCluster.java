package io.magicshield.it.cluster;

import io.magicshield.it.Await;
import io.magicshield.it.ServerTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * WildFly's load balancer and two HA nodes, started by the same script as {@code mvn -Pserve-cluster}
 * (webapp/src/main/server/serve-cluster.sh) on the loopback, past the Arquillian server's ports: the balancer at port
 * offset 1000 + {@code magicshield.it.port-offset}, the nodes at 1100 and 1200 more. The script stops all three when
 * it gets SIGTERM ({@link #close()}) or when this JVM ends.
 */
public final class LocalCluster implements AutoCloseable {

    public static final List<String> NODES = List.of("node1", "node2");
    private static final int BALANCER_OFFSET = 1000 + ServerTest.PORT_OFFSET;
    private static final int FIRST_NODE_OFFSET = 1100 + ServerTest.PORT_OFFSET;
    private static final int NODE_OFFSET_STEP = 100;
    /**
     * Three WildFly starts on two shared cores: 34-80 s measured, over 240 s at a load average of 15; the script
     * itself gives up after 420 s.
     */
    private static final Duration START_LIMIT = Duration.ofSeconds(430);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process script;
    private final Path output;

    private LocalCluster(Process script, Path output) {
        this.script = script;
        this.output = output;
    }

    /** Starts the cluster with {@code environment} (MicroProfile Config overrides, e.g. MAGICSHIELD_SESSIONS_MAX). */
    public static LocalCluster start(Map<String, String> environment) throws IOException {
        Path scripts = Path.of(System.getProperty("magicshield.server.scripts"));
        Path base = Path.of(System.getProperty("magicshield.it.output"), "cluster");
        Files.createDirectories(base);
        Path output = base.resolve("serve-cluster.out");
        ProcessBuilder builder = new ProcessBuilder(
                        "bash",
                        scripts.resolve("serve-cluster.sh").toString(),
                        System.getProperty("jboss.home"),
                        System.getProperty("magicshield.war"),
                        base.toString(),
                        Integer.toString(BALANCER_OFFSET),
                        (FIRST_NODE_OFFSET) + "," + (FIRST_NODE_OFFSET + NODE_OFFSET_STEP))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        LocalCluster cluster = new LocalCluster(builder.start(), output);
        long until = System.nanoTime() + START_LIMIT.toNanos();
        while (!cluster.log().contains("cluster is running")) {
            if (!cluster.script.isAlive() || System.nanoTime() > until) {
                String log = cluster.log();
                cluster.close();
                throw new IllegalStateException("the cluster did not start (logs in " + base + "): " + log);
            }
            Await.pause(Duration.ofMillis(250));
        }
        return cluster;
    }

    private String log() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI balancer() {
        return URI.create("http://127.0.0.1:" + (8080 + BALANCER_OFFSET) + "/");
    }

    /** A node's own HTTP address, around the balancer. */
    public URI node(String name) {
        return URI.create(
                "http://127.0.0.1:" + (8080 + FIRST_NODE_OFFSET + NODE_OFFSET_STEP * NODES.indexOf(name)) + "/");
    }

    /** The signaling socket's address at {@code base} (the balancer or a node). */
    public static URI signaling(URI base) {
        return URI.create("ws://" + base.getAuthority() + "/ws/signal");
    }

    /** The node that hosts the room, from the route its page sets (asked of the balancer). */
    public String hostOf(String room) {
        return routeIn(page(balancer().resolve("room/" + room)));
    }

    /** A room page's response, from {@code uri}. */
    public static HttpResponse<String> page(URI uri) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The route a room page's {@code JSESSIONID=<room>.<route>} cookie names. */
    public static String routeIn(HttpResponse<String> page) {
        if (page.statusCode() != 200) {
            throw new AssertionError(page.uri() + " answered " + page.statusCode());
        }
        String cookie = page.headers()
                .firstValue("Set-Cookie")
                .orElseThrow(() -> new AssertionError("no route cookie from " + page.uri()));
        return cookie.substring(cookie.indexOf('.') + 1, cookie.indexOf(';'));
    }

    /** The page origin a browser would send from {@code base}. */
    public static String origin(URI base) {
        return "http://" + base.getAuthority();
    }

    /**
     * The member's JVM: the script's descendant running {@code java} with {@code -Djboss.node.name=<name>} (its
     * standalone.sh has the same argument).
     */
    public ProcessHandle jvm(String name) {
        return script.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .filter(p -> p.info()
                        .arguments()
                        .map(a -> List.of(a).contains("-Djboss.node.name=" + name))
                        .orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no JVM for " + name));
    }

    /** Resident memory of each member's JVM in MiB (Linux {@code VmRSS}), the balancer first. */
    public Map<String, Long> residentMiB() {
        Map<String, Long> resident = new LinkedHashMap<>();
        for (String name : Stream.concat(Stream.of("balancer"), NODES.stream()).toList()) {
            try {
                String status = Files.readString(
                        Path.of("/proc", Long.toString(jvm(name).pid()), "status"));
                String line = status.lines()
                        .filter(l -> l.startsWith("VmRSS:"))
                        .findFirst()
                        .orElseThrow();
                resident.put(name, Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
            } catch (IOException | IllegalStateException e) {
                resident.put(name, -1L); // not running (killed)
            }
        }
        return resident;
    }

    /**
     * Drains the node: mod_cluster disables its contexts at the balancer, which routes no new request there and keeps
     * the open connections. (WildFly's {@code :suspend} closed the node's open signaling sockets at once.)
     */
    public void drain(String name) {
        management(name, "/subsystem=modcluster/proxy=default:disable");
    }

    /** Ends the node's drain. */
    public void undrain(String name) {
        management(name, "/subsystem=modcluster/proxy=default:enable");
    }

    private void management(String name, String operation) {
        int port = 9990 + FIRST_NODE_OFFSET + NODE_OFFSET_STEP * NODES.indexOf(name);
        try {
            Process cli = new ProcessBuilder(
                            "bash",
                            Path.of(System.getProperty("jboss.home"), "bin", "jboss-cli.sh")
                                    .toString(),
                            "--connect",
                            "--controller=127.0.0.1:" + port,
                            "--command=" + operation)
                    .redirectErrorStream(true)
                    .start();
            String said = new String(cli.getInputStream().readAllBytes());
            if (!cli.waitFor(60, TimeUnit.SECONDS) || cli.exitValue() != 0) {
                throw new IllegalStateException(operation + " on " + name + " failed: " + said);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * SIGSTOP to the node's JVM: a hung server, whose sockets stay open and answer nothing (end it with
     * {@link #kill}, which SIGKILL does to a stopped process too).
     */
    public void freeze(String name) {
        try {
            Process stop = new ProcessBuilder(
                            "kill", "-STOP", Long.toString(jvm(name).pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!stop.waitFor(10, TimeUnit.SECONDS) || stop.exitValue() != 0) {
                throw new IllegalStateException("kill -STOP of " + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL to the node's JVM (no shutdown of any kind), and waits until it is gone. */
    public void kill(String name) {
        ProcessHandle jvm = jvm(name);
        jvm.destroyForcibly();
        Await.result(jvm.onExit(), Duration.ofSeconds(10), name + " ending after SIGKILL");
    }

    @Override
    public void close() {
        script.destroy(); // SIGTERM: the script stops every server gracefully
        try {
            if (!script.waitFor(90, TimeUnit.SECONDS)) {
                script.descendants().forEach(ProcessHandle::destroyForcibly);
                script.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
