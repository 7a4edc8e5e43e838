package io.magicshield.it.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The loss, delay, jitter and reordering of a bad network for UDP, in user space because this kernel has no
 * {@code netem}. It listens on one address and forwards every datagram to one fixed upstream (a TURN server), from a
 * socket of its own for each client address, as a NAT does: one browser is several TURN clients (Chromium allocates
 * from each of its local sockets), and the TURN server tells them apart by their address only. What comes back on a
 * client's socket goes to that client. At most {@value #MAX_CLIENTS} clients; later ones are ignored (a test fronts
 * one browser). Each direction drops datagrams at random with a given probability and holds the others for a delay
 * plus a uniform jitter; with jitter above the spacing of the datagrams they leave in another order, as on a real
 * path. The randomness comes from a seed, one stream per direction, so the same traffic meets the same fate in every
 * run. Datagrams waiting in a direction are bounded: past the bound they are dropped and counted, like a full router
 * queue.
 *
 * <p>Run it in a test host with {@link ImpairmentRelayProcess}; its {@link #main} prints {@code ready} once bound and
 * its counters when its stdin closes or it gets SIGTERM.
 */
public final class ImpairmentRelay implements AutoCloseable {

    /** What one direction does to the datagrams: drop with probability {@code loss}, else delay by delay + [0, jitter]. */
    public record Impairment(double loss, int delayMs, int jitterMs) {

        public static final Impairment NONE = new Impairment(0, 0, 0);

        public Impairment {
            if (loss < 0 || loss > 1 || delayMs < 0 || jitterMs < 0) {
                throw new IllegalArgumentException(
                        "loss must be 0-1, delay and jitter >= 0: " + loss + ", " + delayMs + ", " + jitterMs);
            }
        }

        Impairment withLoss(double value) {
            return new Impairment(value, delayMs, jitterMs);
        }

        Impairment withDelayMs(int value) {
            return new Impairment(loss, value, jitterMs);
        }

        Impairment withJitterMs(int value) {
            return new Impairment(loss, delayMs, value);
        }
    }

    /**
     * Where it listens, where it forwards, what each direction suffers, the seed, and how many datagrams one direction
     * may hold back at once.
     */
    public record Settings(
            InetSocketAddress listen,
            InetSocketAddress upstream,
            Impairment toUpstream,
            Impairment toClient,
            long seed,
            int queueLimit) {

        /** A queue well above what a video call keeps in flight for the longest delays a test uses. */
        public static final int DEFAULT_QUEUE_LIMIT = 2000;

        public Settings(InetSocketAddress listen, InetSocketAddress upstream, Impairment both, long seed) {
            this(listen, upstream, both, both, seed, DEFAULT_QUEUE_LIMIT);
        }

        /**
         * The command line: {@code --listen HOST:PORT --upstream HOST:PORT [--seed N] [--queue-limit N]} and, for
         * both directions, {@code --loss P --delay-ms N --jitter-ms N}; {@code --loss-to-upstream},
         * {@code --jitter-ms-to-client} and so on set one direction (later options win).
         */
        public static Settings parse(String[] args) {
            InetSocketAddress listen = null;
            InetSocketAddress upstream = null;
            Impairment toUpstream = Impairment.NONE;
            Impairment toClient = Impairment.NONE;
            long seed = 1;
            int queueLimit = DEFAULT_QUEUE_LIMIT;
            if (args.length % 2 != 0) {
                fail("every option takes one value: " + String.join(" ", args));
            }
            for (int i = 0; i < args.length; i += 2) {
                String name = args[i];
                String value = args[i + 1];
                String option = name.replaceAll("-to-(upstream|client)$", "");
                boolean up = !name.endsWith("-to-client");
                boolean down = !name.endsWith("-to-upstream");
                switch (option) {
                    case "--listen" -> listen = address(value);
                    case "--upstream" -> upstream = address(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--queue-limit" -> queueLimit = Integer.parseInt(value);
                    case "--loss" -> {
                        toUpstream = up ? toUpstream.withLoss(Double.parseDouble(value)) : toUpstream;
                        toClient = down ? toClient.withLoss(Double.parseDouble(value)) : toClient;
                    }
                    case "--delay-ms" -> {
                        toUpstream = up ? toUpstream.withDelayMs(Integer.parseInt(value)) : toUpstream;
                        toClient = down ? toClient.withDelayMs(Integer.parseInt(value)) : toClient;
                    }
                    case "--jitter-ms" -> {
                        toUpstream = up ? toUpstream.withJitterMs(Integer.parseInt(value)) : toUpstream;
                        toClient = down ? toClient.withJitterMs(Integer.parseInt(value)) : toClient;
                    }
                    default -> fail("unknown option " + name);
                }
            }
            if (listen == null || upstream == null) {
                fail("--listen and --upstream are needed");
            }
            return new Settings(listen, upstream, toUpstream, toClient, seed, queueLimit);
        }

        /** The command line that {@link #parse} reads back into these settings. */
        public List<String> arguments() {
            List<String> arguments = new ArrayList<>(List.of(
                    "--listen",
                    text(listen),
                    "--upstream",
                    text(upstream),
                    "--seed",
                    Long.toString(seed),
                    "--queue-limit",
                    Integer.toString(queueLimit)));
            addImpairment(arguments, "-to-upstream", toUpstream);
            addImpairment(arguments, "-to-client", toClient);
            return arguments;
        }

        private static void addImpairment(List<String> arguments, String direction, Impairment impairment) {
            arguments.addAll(List.of(
                    "--loss" + direction,
                    Double.toString(impairment.loss()),
                    "--delay-ms" + direction,
                    Integer.toString(impairment.delayMs()),
                    "--jitter-ms" + direction,
                    Integer.toString(impairment.jitterMs())));
        }

        private static InetSocketAddress address(String text) {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                fail("HOST:PORT expected: " + text);
            }
            return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        }

        private static String text(InetSocketAddress address) {
            return address.getAddress().getHostAddress() + ":" + address.getPort();
        }

        private static boolean fail(String message) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * What happened to the datagrams of one direction: sent on, lost at random, dropped from a full queue, or refused
     * by the network when sent (e.g. a reply to a client address the relay's host has no route to).
     */
    public record Counters(long forwarded, long lost, long overflowed, long failed) {

        /** What the relay itself dropped (not the network's refusals). */
        public long dropped() {
            return lost + overflowed;
        }
    }

    /** Both directions' counters, as the relay's main prints them in one line and the test reads them back. */
    public record Report(Counters toUpstream, Counters toClient) {

        static final String PREFIX = "counters";
        private static final Pattern LINE = Pattern.compile(PREFIX
                + " to-upstream forwarded=(\\d+) lost=(\\d+) overflowed=(\\d+) failed=(\\d+)"
                + " to-client forwarded=(\\d+) lost=(\\d+) overflowed=(\\d+) failed=(\\d+)");

        public String line() {
            return String.format("%s to-upstream %s to-client %s", PREFIX, text(toUpstream), text(toClient));
        }

        private static String text(Counters c) {
            return String.format(
                    "forwarded=%d lost=%d overflowed=%d failed=%d",
                    c.forwarded(), c.lost(), c.overflowed(), c.failed());
        }

        static Report parse(String line) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a counters line: " + line);
            }
            long[] n = new long[8];
            Arrays.setAll(n, i -> Long.parseLong(m.group(i + 1)));
            return new Report(new Counters(n[0], n[1], n[2], n[3]), new Counters(n[4], n[5], n[6], n[7]));
        }
    }

    /** Room for the largest datagram. */
    private static final int MAX_DATAGRAM = 65535;
    /** A socket buffer that rides out a video key frame's burst while the relay's threads are not scheduled. */
    private static final int SOCKET_BUFFER = 1 << 20;
    /** One browser's TURN clients, with room to spare; a bound on the sockets and threads a relay opens. */
    static final int MAX_CLIENTS = 16;

    private final InetSocketAddress upstream;
    private final DatagramSocket clientSide;
    private final ImpairedLane toUpstream;
    private final ImpairedLane toClient;
    /** Each client's own socket toward the upstream (touched by the thread that reads the client side only). */
    private final Map<SocketAddress, DatagramSocket> upstreamSockets = new HashMap<>();

    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    public ImpairmentRelay(Settings settings) {
        upstream = settings.upstream();
        try {
            clientSide = buffered(new DatagramSocket(settings.listen()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.listen(), e);
        }
        // one random stream per direction: a direction's fate does not depend on the other's traffic
        toUpstream = new ImpairedLane(settings.toUpstream(), settings.seed(), settings.queueLimit());
        toClient = new ImpairedLane(settings.toClient(), settings.seed() + 1, settings.queueLimit());
        start(this::fromClients, "relay-from-clients");
        start(toUpstream::sendUntilClosed, "relay-to-upstream");
        start(toClient::sendUntilClosed, "relay-to-client");
    }

    public Report report() {
        return new Report(toUpstream.counters(), toClient.counters());
    }

    private void fromClients() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (receive(clientSide, packet)) {
            SocketAddress client = packet.getSocketAddress();
            DatagramSocket socket = upstreamSockets.get(client);
            if (socket == null && upstreamSockets.size() < MAX_CLIENTS) {
                socket = openUpstreamSocket(client);
                upstreamSockets.put(client, socket);
            }
            if (socket != null) {
                toUpstream.offer(Arrays.copyOf(buffer, packet.getLength()), socket, upstream);
            }
        }
    }

    /** A socket toward the upstream for one client, and a thread that passes what comes back to that client. */
    private DatagramSocket openUpstreamSocket(SocketAddress client) {
        DatagramSocket socket;
        try {
            socket = buffered(new DatagramSocket());
            // only the upstream's datagrams come in on this socket
            socket.connect(upstream);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a socket toward " + upstream, e);
        }
        start(
                () -> {
                    byte[] buffer = new byte[MAX_DATAGRAM];
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    while (receive(socket, packet)) {
                        toClient.offer(Arrays.copyOf(buffer, packet.getLength()), clientSide, client);
                    }
                },
                "relay-from-upstream-for-" + client);
        return socket;
    }

    private static DatagramSocket buffered(DatagramSocket socket) throws IOException {
        socket.setReceiveBufferSize(SOCKET_BUFFER);
        socket.setSendBufferSize(SOCKET_BUFFER);
        return socket;
    }

    private void start(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /** @return false once the socket is closed (the relay is closing) */
    private static boolean receive(DatagramSocket socket, DatagramPacket packet) {
        while (!socket.isClosed()) {
            packet.setLength(MAX_DATAGRAM);
            try {
                socket.receive(packet);
                return true;
            } catch (IOException e) {
                // closed, or ICMP refused an earlier send (the upstream not listening yet): the loop decides
            }
        }
        return false;
    }

    @Override
    public void close() {
        toUpstream.close();
        toClient.close();
        clientSide.close();
        // the thread that adds to the map ends with the client side's socket: no socket is added after it
        joinThread(threads.get(0));
        upstreamSockets.values().forEach(DatagramSocket::close);
        threads.forEach(ImpairmentRelay::joinThread);
    }

    private static void joinThread(Thread thread) {
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code ImpairmentRelay --listen HOST:PORT --upstream HOST:PORT [options]} (see {@link Settings#parse}). Runs
     * until its stdin closes (the test that started it stopped it, or died) or SIGTERM, then prints its counters.
     */
    public static void main(String[] args) throws IOException {
        Settings settings = Settings.parse(args);
        ImpairmentRelay relay = new ImpairmentRelay(settings);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            relay.close();
                            System.out.println(relay.report().line());
                        },
                        "relay-report"));
        System.out.println("ready " + String.join(" ", settings.arguments()));
        InputStream in = System.in;
        while (in.read() >= 0) {
            // nothing is read from stdin; its end is the signal to stop
        }
        System.exit(0);
    }
}
