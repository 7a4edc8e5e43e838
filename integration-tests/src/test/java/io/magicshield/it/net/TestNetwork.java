package io.magicshield.it.net;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Two test hosts on this machine, network namespaces {@code msnet-NAME-srv} and {@code msnet-NAME-cli}, joined by a
 * veth pair (10.77.N.1/24 for the server, 10.77.N.2/24 for the client) whose two directions can be capped with
 * {@code tbf}. The test JVM stays in the root namespace and reaches each host over a control link of its own
 * (root 10.78.N.1 - server 10.78.N.2, root 10.79.N.1 - client 10.79.N.2) with a route to the host's 10.77 address
 * through it (Linux takes a packet for any of its addresses on any interface), so the test's own traffic (metrics,
 * chromedriver) never crosses the capped link. The hosts have no route to each other's control address and the root
 * namespace does not forward, so what the server and the browser exchange can only take the capped link, even where
 * the server offers its control address as an ICE candidate.
 *
 * <p>Needs root (or CAP_NET_ADMIN and CAP_SYS_ADMIN) and iproute2; {@link #unavailableReason()} says why not.
 * Closing it, or the JVM ending, kills what still runs in the hosts and deletes them; namespaces with the prefix
 * whose owning JVM is gone (an earlier run killed hard) are deleted before a network is made.
 */
public final class TestNetwork implements AutoCloseable {

    /** Which way traffic goes over the link between the hosts. */
    public enum Direction {
        /** client to server: the camera's video, queued at the client's end */
        TO_SERVER,
        /** server to client: the processed video, queued at the server's end */
        TO_CLIENT
    }

    static final String PREFIX = "msnet-";
    /** The interface names inside the hosts (each host is its own namespace, so they need not be unique). */
    private static final String DATA = "data";

    private static final String CONTROL = "ctl";
    /** The root namespace's ends of the control links are msn{N}-s and msn{N}-c: 15 characters at most. */
    private static final Pattern ROOT_LINK = Pattern.compile("^\\d+: (msn\\d+-[sc])[@:].*?\\\\\\s+alias (\\S+) (\\d+)");

    private static final int MAX_NETWORKS = 250;
    /**
     * The least bucket of a cap: two full-size frames, so a frame is never larger than the bucket (tbf would drop it)
     * and a pair of frames may leave back to back, as from a real access link.
     */
    private static final int MIN_BURST_BYTES = 2 * 1514;
    /** The bucket holds this much of the rate: a real shaper lets short bursts through, not whole key frames. */
    private static final int BURST_MS = 10;
    /** How long a datagram may wait in a capped link's queue before tbf drops it. */
    private static final int QUEUE_LATENCY_MS = 100;

    private final String name;
    private final int index;
    private final Thread deleteOnExit;

    private TestNetwork(String name, int index) {
        this.name = name;
        this.index = index;
        this.deleteOnExit = new Thread(this::delete, "msnet-" + name + "-cleanup");
        Runtime.getRuntime().addShutdownHook(deleteOnExit);
    }

    /** Why test hosts cannot be made here (not root, no iproute2, no namespaces), or empty when they can. */
    public static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name").startsWith("Linux")) {
            return Optional.of("test hosts need Linux network namespaces");
        }
        Optional<Path> ip = executable("ip");
        if (ip.isEmpty() || executable("tc").isEmpty()) {
            return Optional.of("iproute2's ip and tc are needed (Debian package iproute2)");
        }
        String probe = PREFIX + "probe-" + ProcessHandle.current().pid();
        try {
            CheckedCommand.run(ip.get().toString(), "netns", "add", probe);
            CheckedCommand.run(ip.get().toString(), "netns", "delete", probe);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("cannot make a network namespace (root is needed): " + e.getMessage());
        }
    }

    /**
     * Makes the two hosts and the links, with nothing capped.
     *
     * @param name a few lower-case letters or digits, unique among the networks that exist at once
     */
    public static TestNetwork create(String name) {
        if (!name.matches("[a-z0-9]{1,20}")) {
            throw new IllegalArgumentException("a network's name is 1-20 lower-case letters or digits: " + name);
        }
        deleteStale();
        TestNetwork network = new TestNetwork(name, freeIndex());
        try {
            network.build();
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    public String serverNamespace() {
        return PREFIX + name + "-srv";
    }

    public String clientNamespace() {
        return PREFIX + name + "-cli";
    }

    /** The server host's address on the link between the hosts; the test JVM reaches it too (over the control link). */
    public String serverAddress() {
        return "10.77." + index + ".1";
    }

    /** The client host's address on the link between the hosts; the test JVM reaches it too (over the control link). */
    public String clientAddress() {
        return "10.77." + index + ".2";
    }

    /** The address the client host sees the test JVM's connections come from (e.g. for chromedriver's allow list). */
    public String rootAddressTowardClient() {
        return "10.79." + index + ".1";
    }

    /**
     * Caps one direction of the link at {@code kbit} kbit/s (replacing an earlier cap): a token bucket on the sending
     * end, with a small bucket ({@value #BURST_MS} ms of the rate, at least two frames) and a queue of
     * {@value #QUEUE_LATENCY_MS} ms, past which datagrams are dropped as on a congested link. Its counters start at 0.
     */
    public void cap(Direction direction, int kbit) {
        if (kbit < 8) {
            throw new IllegalArgumentException("a cap below 8 kbit/s: " + kbit);
        }
        long burst = Math.max(MIN_BURST_BYTES, (long) kbit * 1000 / 8 * BURST_MS / 1000);
        tc(
                direction,
                "qdisc",
                "replace",
                "dev",
                DATA,
                "root",
                "tbf",
                "rate",
                kbit + "kbit",
                "burst",
                Long.toString(burst),
                "latency",
                QUEUE_LATENCY_MS + "ms");
    }

    /** Takes the cap off one direction (none there: nothing to do). */
    public void uncap(Direction direction) {
        if (tc(direction, "qdisc", "show", "dev", DATA).contains("qdisc tbf ")) {
            tc(direction, "qdisc", "del", "dev", DATA, "root");
        }
    }

    /** The figures of the queue one direction leaves by (all zero without a cap: a veth has no queue of its own). */
    public QueueStats stats(Direction direction) {
        return QueueStats.parse(tc(direction, "-s", "qdisc", "show", "dev", DATA));
    }

    /** A command to run in the server host. */
    public ProcessBuilder inServer(List<String> command) {
        return inNamespace(serverNamespace(), command);
    }

    /** A command to run in the client host. */
    public ProcessBuilder inClient(List<String> command) {
        return inNamespace(clientNamespace(), command);
    }

    /** Kills what still runs in the hosts and deletes them (with their links and routes). */
    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(deleteOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    @Override
    public String toString() {
        return "test network " + name + " (server " + serverAddress() + " in " + serverNamespace() + ", client "
                + clientAddress() + " in " + clientNamespace() + ")";
    }

    private void build() {
        String srv = serverNamespace();
        String cli = clientNamespace();
        String toServer = "msn" + index + "-s";
        String toClient = "msn" + index + "-c";
        String owner = PREFIX + name + " " + ProcessHandle.current().pid();
        ip("netns", "add", srv);
        ip("netns", "add", cli);
        // the control links first, carrying the owner, so a concurrent run's stale check sees these hosts as alive
        ip("link", "add", toServer, "type", "veth", "peer", "name", CONTROL, "netns", srv);
        ip("link", "set", toServer, "alias", owner);
        ip("link", "add", toClient, "type", "veth", "peer", "name", CONTROL, "netns", cli);
        ip("link", "set", toClient, "alias", owner);
        ip("-n", srv, "link", "add", DATA, "type", "veth", "peer", "name", DATA, "netns", cli);
        ip("-n", srv, "addr", "add", serverAddress() + "/24", "dev", DATA);
        ip("-n", cli, "addr", "add", clientAddress() + "/24", "dev", DATA);
        ip("addr", "add", "10.78." + index + ".1/30", "dev", toServer);
        ip("-n", srv, "addr", "add", "10.78." + index + ".2/30", "dev", CONTROL);
        ip("addr", "add", rootAddressTowardClient() + "/30", "dev", toClient);
        ip("-n", cli, "addr", "add", "10.79." + index + ".2/30", "dev", CONTROL);
        for (String ns : List.of(srv, cli)) {
            for (String link : List.of("lo", DATA, CONTROL)) {
                ip("-n", ns, "link", "set", link, "up");
            }
        }
        ip("link", "set", toServer, "up");
        ip("link", "set", toClient, "up");
        ip("route", "add", serverAddress() + "/32", "via", "10.78." + index + ".2");
        ip("route", "add", clientAddress() + "/32", "via", "10.79." + index + ".2");
    }

    private void delete() {
        for (String ns : List.of(serverNamespace(), clientNamespace())) {
            deleteNamespace(ns);
        }
    }

    /** Ends what runs in a namespace of ours (TERM, then KILL) and deletes it; a missing one is fine. */
    private static void deleteNamespace(String ns) {
        if (!namespaces().contains(ns)) {
            return;
        }
        List<ProcessHandle> inside = ip("netns", "pids", ns)
                .lines()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Long::parseLong)
                .map(ProcessHandle::of)
                .flatMap(Optional::stream)
                .toList();
        inside.forEach(ProcessHandle::destroy);
        inside.forEach(
                p -> p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join());
        inside.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (!inside.isEmpty()) {
            System.err.println("[net] ended " + inside.size() + " processes left in " + ns + ": "
                    + inside.stream()
                            .map(p -> p.pid() + " " + p.info().command().orElse("?"))
                            .toList());
        }
        ip("netns", "delete", ns);
    }

    /**
     * Deletes namespaces with our prefix that no live JVM owns: an owner marks the root ends of its control links
     * with {@code msnet-NAME PID}.
     */
    private static void deleteStale() {
        Set<String> owned = new HashSet<>();
        Matcher m = ROOT_LINK.matcher("");
        for (String line : ip("-o", "link", "show").lines().toList()) {
            if (m.reset(line).find()) {
                boolean alive = ProcessHandle.of(Long.parseLong(m.group(3))).isPresent();
                if (alive) {
                    owned.add(m.group(2));
                } else {
                    ip("link", "delete", m.group(1));
                }
            }
        }
        for (String ns : namespaces()) {
            String network = ns.replaceAll("-(srv|cli)$", "");
            if (ns.startsWith(PREFIX) && !owned.contains(network)) {
                System.err.println("[net] deleting " + ns + ", left by an earlier run");
                deleteNamespace(ns);
            }
        }
    }

    /** The least N whose 10.77-79.N addresses and root links no network here uses. */
    private static int freeIndex() {
        String links = ip("-o", "link", "show");
        String routes = ip("route", "show");
        for (int n = 1; n <= MAX_NETWORKS; n++) {
            Pattern used = Pattern.compile("10\\.7[789]\\." + n + "\\.");
            if (!links.contains(" msn" + n + "-") && !used.matcher(routes).find()) {
                return n;
            }
        }
        throw new IllegalStateException("no free test network index up to " + MAX_NETWORKS);
    }

    private static Set<String> namespaces() {
        // "NAME" or "NAME (id: N)"
        return ip("netns", "list")
                .lines()
                .map(l -> l.split(" ")[0])
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    private String tc(Direction direction, String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                executable("tc").orElseThrow().toString(),
                "-n",
                direction == Direction.TO_SERVER ? clientNamespace() : serverNamespace()));
        command.addAll(List.of(arguments));
        return CheckedCommand.run(command);
    }

    private static String ip(String... arguments) {
        List<String> command =
                new ArrayList<>(List.of(executable("ip").orElseThrow().toString()));
        command.addAll(List.of(arguments));
        return CheckedCommand.run(command);
    }

    private static ProcessBuilder inNamespace(String ns, List<String> command) {
        List<String> full =
                new ArrayList<>(List.of(executable("ip").orElseThrow().toString(), "netns", "exec", ns));
        full.addAll(command);
        return new ProcessBuilder(full);
    }

    /** A tool from PATH or the sbin directories (not always on a non-login PATH). */
    private static Optional<Path> executable(String tool) {
        return Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                        Stream.of("/usr/sbin", "/sbin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
