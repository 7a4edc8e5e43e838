package io.magicshield.it.cluster;

import io.magicshield.it.Await;
import io.magicshield.it.PrometheusScrape;
import io.magicshield.it.ServerTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * WildFly's load balancer and two HA nodes, started by the same script as {@code mvn -Pserve-cluster}
 * (webapp/src/main/server/serve-cluster.sh), past the Arquillian server's ports: the balancer on 127.0.0.1 at port
 * offset 1000 + {@code magicshield.it.port-offset}. Where network namespaces can be made (root) each node is a test
 * host of its own (10.81.N.11, 10.81.N.12 on a bridge in this namespace, N = the balancer's offset / 100), else the
 * nodes run on 127.0.0.1 at offsets 1100 and 1200 more, and the script says why ({@code
 * -Dmagicshield.it.cluster-network=loopback} asks for that). The script stops all three and deletes the test hosts
 * when it gets SIGTERM ({@link #close()}) or when this JVM ends.
 *
 * <p>The test JVM is then another host to the nodes, so the operator's switches ({@code /metrics}, {@code /api/drain})
 * answer it only with the metrics token, which {@link #start} sets: {@link #operatorToken()}, {@link #metrics}.
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

    /** MicroProfile Config's name for {@code magicshield.metrics.token} in the environment. */
    private static final String TOKEN_VARIABLE = "MAGICSHIELD_METRICS_TOKEN";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The script's line per node: {@code [cluster] node1 at 10.81.13.11 port-offset 0 ...}. */
    private static final Pattern NODE_LINE =
            Pattern.compile("^\\[cluster\\] (node\\d+) at (\\S+) port-offset (\\d+)", Pattern.MULTILINE);

    private final Process script;
    private final Path output;
    private final String token;
    /** Each node's address and port offset, from the script's output. */
    private final Map<String, NodeAddress> addresses = new LinkedHashMap<>();

    private record NodeAddress(String host, int offset) {}

    private LocalCluster(Process script, Path output, String token) {
        this.script = script;
        this.output = output;
        this.token = token;
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
                        (FIRST_NODE_OFFSET) + "," + (FIRST_NODE_OFFSET + NODE_OFFSET_STEP),
                        System.getProperty("magicshield.it.cluster-network", "auto"))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String token = environment.getOrDefault(TOKEN_VARIABLE, HexFormat.of().formatHex(random));
        builder.environment().putAll(environment);
        builder.environment().put(TOKEN_VARIABLE, token);
        LocalCluster cluster = new LocalCluster(builder.start(), output, token);
        long until = System.nanoTime() + START_LIMIT.toNanos();
        while (!cluster.log().contains("cluster is running")) {
            if (!cluster.script.isAlive() || System.nanoTime() > until) {
                String log = cluster.log();
                cluster.close();
                throw new IllegalStateException("the cluster did not start (logs in " + base + "): " + log);
            }
            Await.pause(Duration.ofMillis(250));
        }
        Matcher line = NODE_LINE.matcher(cluster.log());
        while (line.find()) {
            cluster.addresses.put(line.group(1), new NodeAddress(line.group(2), Integer.parseInt(line.group(3))));
        }
        if (!cluster.addresses.keySet().equals(Set.copyOf(NODES))) {
            cluster.close();
            throw new IllegalStateException("the script named nodes " + cluster.addresses + ", not " + NODES);
        }
        System.out.println("[cluster] nodes " + cluster.addresses
                + (cluster.namespaced() ? ", each in a network namespace of its own" : ", all on the loopback"));
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
        NodeAddress node = nodeAddress(name);
        return URI.create("http://" + node.host() + ":" + (8080 + node.offset()) + "/");
    }

    /** The node's own IP address: its test host's (10.81.N.x), or 127.0.0.1 when the nodes share the loopback. */
    public String address(String name) {
        return nodeAddress(name).host();
    }

    /** Whether each node runs in a network namespace of its own (else all share the loopback). */
    public boolean namespaced() {
        return addresses.values().stream().noneMatch(a -> a.host().startsWith("127."));
    }

    /** The metrics token the nodes were started with: their {@code /metrics} and {@code /api/drain} want it. */
    public String operatorToken() {
        return token;
    }

    /** The node's {@code /metrics} now, asked with the token. */
    public PrometheusScrape metrics(String name) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(node(name).resolve("metrics"))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode());
        }
        return PrometheusScrape.parse(response.body());
    }

    private NodeAddress nodeAddress(String name) {
        NodeAddress node = addresses.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no node " + name + " in " + addresses.keySet());
        }
        return node;
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
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
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
        NodeAddress node = nodeAddress(name);
        try {
            Process cli = new ProcessBuilder(
                            "bash",
                            Path.of(System.getProperty("jboss.home"), "bin", "jboss-cli.sh")
                                    .toString(),
                            "--connect",
                            "--controller=" + node.host() + ":" + (9990 + node.offset()),
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
