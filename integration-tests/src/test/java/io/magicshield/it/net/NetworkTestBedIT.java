package io.magicshield.it.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.net.ImpairmentRelay.Impairment;
import io.magicshield.it.net.TestNetwork.Direction;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test bed itself, without the application: two test hosts, the seeded impairment relay between them losing and
 * reordering datagrams as configured, and a tbf cap that really limits what crosses the link.
 */
class NetworkTestBedIT {

    private static final Duration RUN_LIMIT = Duration.ofSeconds(30);
    private static final Pattern FIGURE = Pattern.compile("([a-z-]+)=(\\d+)");

    @BeforeAll
    static void needsNamespaces() {
        Optional<String> reason = TestNetwork.unavailableReason();
        if (reason.isPresent()) {
            System.err.println("[net] SKIPPED: no test hosts on this machine: " + reason.get());
            Assumptions.assumeTrue(false, reason.get());
        }
    }

    @Test
    void relayLosesAndReordersAsConfigured() {
        int datagrams = 500;
        double loss = 0.10;
        try (TestNetwork network = TestNetwork.create("relay");
                ChildProgram echo = startEcho(network, "127.0.0.1:7000");
                ImpairmentRelayProcess relay = ImpairmentRelayProcess.start(
                        network::inServer,
                        new ImpairmentRelay.Settings(
                                new InetSocketAddress(network.serverAddress(), 7001),
                                new InetSocketAddress("127.0.0.1", 7000),
                                new Impairment(loss, 0, 20),
                                new Impairment(0, 0, 20),
                                7,
                                ImpairmentRelay.Settings.DEFAULT_QUEUE_LIMIT))) {
            // 2 ms apart with 0-20 ms of jitter each way: many overtake one another
            Map<String, Long> probe = probe(network, network.serverAddress() + ":7001", datagrams, 2000, 100, 1000);
            ImpairmentRelay.Report report = relay.stop();
            System.out.printf(
                    "[net] relay with %.0f%% loss toward the echo: %s; probe: %s%n", loss * 100, report.line(), probe);

            double lost = (double) (datagrams - probe.get("returned")) / datagrams;
            assertTrue(Math.abs(lost - loss) <= 0.04, "lost " + lost + " of the datagrams, configured " + loss);
            assertEquals(
                    report.toUpstream().dropped() + report.toClient().dropped(),
                    datagrams - probe.get("returned"),
                    "every datagram the probe missed was dropped by the relay, and only those");
            assertEquals(0, report.toUpstream().overflowed() + report.toClient().overflowed());
            assertTrue(probe.get("reordered") > 0, "jitter above the spacing reorders datagrams");
        }
    }

    @Test
    void capLimitsThroughput() {
        int kbit = 300;
        try (TestNetwork network = TestNetwork.create("cap");
                ChildProgram echo = startEcho(network, network.serverAddress() + ":7002")) {
            network.cap(Direction.TO_SERVER, kbit);
            // 1000-byte datagrams at 1 Mbit/s for three seconds: more than three times the cap
            Map<String, Long> probe = probe(network, network.serverAddress() + ":7002", 375, 8000, 1000, 500);
            Map<String, Long> received = figures(echo.stop(RUN_LIMIT).stream()
                    .filter(l -> l.startsWith("received"))
                    .findFirst()
                    .orElseThrow());
            QueueStats queue = network.stats(Direction.TO_SERVER);
            double receivedKbit = received.get("bytes") * 8.0 / received.get("span-ms");
            System.out.printf(
                    "[net] %d kbit/s cap toward the server: sent %d datagrams, %s arrived, %.0f kbit/s of "
                            + "payload; the client's queue: %s%n",
                    kbit, probe.get("sent"), received, receivedKbit, queue);

            assertTrue(receivedKbit >= 250 && receivedKbit <= 400, "received " + receivedKbit + " kbit/s");
            assertTrue(queue.dropped() > 0, "the queue dropped what exceeded the cap: " + queue);
            // the queue also sent the client's ARP and IPv6 neighbour discovery
            assertTrue(
                    queue.sentPackets() >= received.get("datagrams")
                            && queue.sentPackets() <= received.get("datagrams") + 10,
                    "what left the queue arrived: " + queue);

            network.uncap(Direction.TO_SERVER);
            assertEquals(new QueueStats(0, 0, 0, 0), network.stats(Direction.TO_SERVER), "uncapped: no queue");
        }
    }

    private static ChildProgram startEcho(TestNetwork network, String listen) {
        ChildProgram echo = ChildProgram.start(
                "echo", network.inServer(JavaCommand.of(UdpEcho.class, List.of("--listen", listen))));
        echo.awaitLine("ready", RUN_LIMIT);
        return echo;
    }

    /** Runs {@link UdpProbe} in the client host and returns its figures (sent, returned, reordered). */
    private static Map<String, Long> probe(
            TestNetwork network, String target, int count, int intervalMicros, int size, int drainMillis) {
        ChildProgram probe = ChildProgram.start(
                "probe",
                network.inClient(JavaCommand.of(
                        UdpProbe.class,
                        List.of(
                                "--target",
                                target,
                                "--count",
                                Integer.toString(count),
                                "--interval-us",
                                Integer.toString(intervalMicros),
                                "--size",
                                Integer.toString(size),
                                "--drain-ms",
                                Integer.toString(drainMillis)))));
        return figures(probe.awaitExit(RUN_LIMIT).stream()
                .filter(l -> l.startsWith("sent="))
                .findFirst()
                .orElseThrow());
    }

    private static Map<String, Long> figures(String line) {
        Matcher m = FIGURE.matcher(line);
        return m.results().collect(Collectors.toMap(r -> r.group(1), r -> Long.parseLong(r.group(2))));
    }
}
