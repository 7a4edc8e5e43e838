package io.magicshield.it.net;

import io.magicshield.it.Figures;
import io.magicshield.it.browser.LoopProbe;
import io.magicshield.it.browser.PageProbe;
import io.magicshield.it.net.ImpairmentRelay.Impairment;
import io.magicshield.it.net.TestNetwork.Direction;
import io.magicshield.it.video.PalmCamera;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.OutputType;

/**
 * The impaired-network benchmark (docs/performance.md, "Real networks"): for each cell of the matrix a fresh
 * Chromium session on the client host, the link set as the cell says, then a window of {@code -Dnetbench.seconds}
 * (60) from 3 s after the session went live, in which the page's numbered camera frames give the loop camera ->
 * server -> screen of every processed frame shown ({@link LoopProbe}), and the page's own figures give freezes and
 * what it said. Prints a table and writes it, with a screenshot per cell (to see the shield on the palm), under
 * {@code target/netbench}. Run: {@code mvn -pl integration-tests verify -Pnetbench} after {@code mvn -DskipTests
 * install}; {@code -Dnetbench.cells=300k,loss} picks cells, {@code -Dnetbench.trace=true} prints every cell's seconds.
 */
public final class NetworkBench {

    /** One cell: a cap on both directions (0: none) or impairments through the relay. */
    record Cell(String name, String label, int kbit, Impairment impairment) {}

    static final List<Cell> CELLS = List.of(
            new Cell("free", "no cap", 0, null),
            new Cell("2m", "2 Mbit/s, 100 ms queue", 2000, null),
            new Cell("800k", "800 kbit/s", 800, null),
            new Cell("300k", "300 kbit/s", 300, null),
            new Cell("loss", "3% random loss + 20 ms jitter", 0, new Impairment(0.03, 0, 20)));
    private static final Duration LIVE_LIMIT = Duration.ofSeconds(40);
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final long SEED = 13;
    /** {@code -Dnetbench.trace=true}: print each cell's seconds ({@link PageTrace}). */
    private static final boolean TRACE = Boolean.getBoolean("netbench.trace");

    private NetworkBench() {}

    public static void main(String[] args) throws Exception {
        Optional<String> reason = TestNetwork.unavailableReason();
        if (reason.isPresent()) {
            System.err.println("[netbench] no test hosts on this machine: " + reason.get());
            System.exit(2);
        }
        Duration window = Duration.ofSeconds(Long.getLong("netbench.seconds", 60));
        List<String> wanted =
                Arrays.asList(System.getProperty("netbench.cells", "all").split(","));
        Path work = Path.of("target/netbench").toAbsolutePath();
        Path camera = PalmCamera.file(work);
        List<String> rows = new ArrayList<>();
        rows.add("| link, both directions | loop p50 / p95 | frames shown / s | freezes | processed video | "
                + "notice / picture status at the end | loops timed |");
        rows.add("|---|---|---|---|---|---|---|");
        try (AppOnTestBed bed = AppOnTestBed.start("bench", work, Map.of())) {
            for (Cell cell : CELLS) {
                if (wanted.contains("all") || wanted.contains(cell.name())) {
                    String row = run(bed, cell, camera, window, work);
                    System.out.println("[netbench] " + row);
                    rows.add(row);
                }
            }
        }
        Path table = work.resolve("network-bench.md");
        Files.writeString(table, String.join("\n", rows) + "\n");
        System.out.println("[netbench] " + window.toSeconds() + " s a cell, Chromium and the server on this machine's "
                + Runtime.getRuntime().availableProcessors() + " cores:\n" + String.join("\n", rows) + "\n(" + table
                + ")");
    }

    private static String run(AppOnTestBed bed, Cell cell, Path camera, Duration window, Path work) throws Exception {
        TestNetwork network = bed.network();
        if (cell.kbit() > 0) {
            network.cap(Direction.TO_SERVER, cell.kbit());
            network.cap(Direction.TO_CLIENT, cell.kbit());
        }
        ImpairmentRelayProcess relay =
                cell.impairment() == null ? null : bed.impair(cell.impairment(), cell.impairment(), SEED);
        try (NamespacedChromium browser = bed.openPage(camera, relay != null)) {
            PageProbe page = new PageProbe(browser.driver());
            PageProbe.Sample live = page.await(s -> "live".equals(s.state()) || "error".equals(s.state()), LIVE_LIMIT);
            if (!"live".equals(live.state())) {
                return "| " + cell.label() + " | did not go live: " + live.banner() + " | | | | | |";
            }
            Thread.sleep(SETTLE.toMillis());
            LoopProbe loops = new LoopProbe(browser.driver());
            double freezesBefore = freezes(page.sample());
            QueueStats downBefore = network.stats(Direction.TO_CLIENT);
            QueueStats upBefore = network.stats(Direction.TO_SERVER);
            loops.start();
            List<PageTrace.Look> trace = new ArrayList<>();
            long end = System.nanoTime() + window.toNanos();
            if (TRACE) {
                // the page's figures every second; a look reads both videos through a canvas, so not by default
                while (System.nanoTime() < end) {
                    Thread.sleep(1000);
                    trace.add(new PageTrace.Look(page.sample(), null));
                }
            } else {
                Thread.sleep(window.toMillis());
            }
            LoopProbe.Loops seen = loops.collect();
            PageProbe.Sample last = page.sample();
            QueueStats down = network.stats(Direction.TO_CLIENT);
            QueueStats up = network.stats(Direction.TO_SERVER);
            System.out.println(
                    "[netbench] " + cell.label() + ": " + seen.describeReads() + "; " + seen.describeBrowser()
                            + "; the link's queues over the window: toward the page "
                            + (down.sentPackets() - downBefore.sentPackets()) + " packets sent, "
                            + (down.dropped() - downBefore.dropped())
                            + " dropped; toward the server " + (up.sentPackets() - upBefore.sentPackets()) + " sent, "
                            + (up.dropped() - upBefore.dropped()) + " dropped"
                            + (TRACE ? "; second by second:" + PageTrace.describe(trace) : ""));
            Files.write(
                    work.resolve("shield-" + cell.name() + ".png"),
                    browser.driver().getScreenshotAs(OutputType.BYTES));
            return String.format(
                    "| %s | %.0f / %.0f ms | %.1f | %.0f | %s | %s | %d (%d stale, %d unreadable) |",
                    cell.label(),
                    Figures.median(seen.loopsMs()),
                    Figures.percentile(seen.loopsMs(), 0.95),
                    seen.shown() / (double) window.toSeconds(),
                    freezes(last) - freezesBefore,
                    last.link() == null
                            ? "?"
                            : last.link().get("videoBack") + " @ "
                                    + Math.round(((Number) last.link().get("videoBackFps")).doubleValue()),
                    (last.network() == null ? "none" : last.network()) + " / "
                            + (last.link() == null || last.link().get("picture") == null
                                    ? "none"
                                    : last.link().get("picture")),
                    seen.loopsMs().size(),
                    seen.stale(),
                    seen.unreadable());
        } finally {
            if (relay != null) {
                System.out.println("[netbench] the relay: " + relay.stop().line());
                relay.close();
            }
            network.uncap(Direction.TO_SERVER);
            network.uncap(Direction.TO_CLIENT);
        }
    }

    private static double freezes(PageProbe.Sample sample) {
        return sample.link() != null && sample.link().get("freezes") instanceof Number n ? n.doubleValue() : 0;
    }
}
