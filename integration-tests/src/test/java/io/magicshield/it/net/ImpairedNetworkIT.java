package io.magicshield.it.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.TestData;
import io.magicshield.it.browser.LoopProbe;
import io.magicshield.it.browser.PageProbe;
import io.magicshield.it.browser.PageProbe.Sample;
import io.magicshield.it.net.ImpairmentRelay.Impairment;
import io.magicshield.it.net.PageTrace.Look;
import io.magicshield.it.net.TestNetwork.Direction;
import io.magicshield.it.video.PalmCamera;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product over a bad network, the lean part of the impaired-network bench ({@link NetworkBench} runs the full
 * matrix): Chromium and the server on two test hosts, the link between them capped at 300 kbit/s both ways, and
 * 5% loss both ways through the relay. What a person would notice is asserted, not how fast: the processed video
 * shrinks to fit and keeps moving (and the page says so), the start does not overflow the thin link, the
 * poor-connection notice comes with a link that drops mid-session and goes when it recovers, and a lossy session
 * stays up and repairs its losses.
 */
class ImpairedNetworkIT {

    private static final int THIN_KBIT = 300;
    private static final Duration LIVE_LIMIT = Duration.ofSeconds(40);
    /** From the session going live: what the start must get through without a drop on the thin link. */
    private static final Duration START_WINDOW = Duration.ofSeconds(8);
    /** 0-9 of 480-570 packets in our runs (libwebrtc's probes); a 1000 kbit/s start lost 111 in one burst. */
    private static final double START_DROPS_ALLOWED = 0.05;

    private static final Duration WATCH = Duration.ofSeconds(12);
    /** The notice showed 0.8-1.1 s after a link dropped; a look every 250 ms and a busy machine add some. */
    private static final Duration NOTICE_SHOWS = Duration.ofSeconds(6);
    /**
     * How long a dropped link stays dropped once the notice showed: a short outage, as a person meets one. Not longer:
     * the notice judges the link as it is now, and 4 s after it showed the page had adapted once, the notice gone.
     */
    private static final Duration OUTAGE_AFTER_NOTICE = Duration.ofSeconds(1);
    /**
     * A bound on the notice's clearing after the cap is lifted, not the figure, which is printed: it judges the link
     * as it is now (frames shown, freezes, loss, lag). It cleared 1.1-9.6 s after the lift in our runs, and after
     * 30.7 s in one CI run, where the loop stayed at 420-470 ms (over the notice's 400) for 30 s on a link already
     * back at 1 Mbit/s: the receive jitter buffers keep the delay they learnt in the outage for tens of seconds (the
     * server's for the camera aimed at 160-220 ms after it here; the trace prints it, docs/performance.md).
     */
    private static final Duration NOTICE_CLEARS = Duration.ofSeconds(60);
    /** The picture's return after the cap is lifted waits for the estimates (8-20 s before the uplink probe). */
    private static final Duration FULL_SIZE_AGAIN = Duration.ofSeconds(45);

    private static final double LOSS = 0.05;
    private static final long JAVA_CLIENT_SECONDS = 20;

    private static AppOnTestBed bed;
    private static Path camera;
    private static Path work;

    @BeforeAll
    static void startTheApplicationOnTheTestBed() throws Exception {
        Optional<String> reason = TestNetwork.unavailableReason();
        if (reason.isPresent()) {
            System.err.println("*** SKIPPED: no test hosts on this machine (" + reason.get() + ") ***");
            Assumptions.assumeTrue(false, reason.get());
        }
        work = TestData.outputDir().resolve("net");
        camera = PalmCamera.file(work);
        bed = AppOnTestBed.start("app", work, Map.of());
    }

    @AfterAll
    static void stop() {
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    void aThinLinkShrinksTheVideoWhichKeepsMovingAndTheNoticeFollowsTheLink() throws Exception {
        TestNetwork network = bed.network();
        network.cap(Direction.TO_SERVER, THIN_KBIT);
        network.cap(Direction.TO_CLIENT, THIN_KBIT);
        try (NamespacedChromium browser = bed.openPage(camera, false)) {
            PageProbe page = new PageProbe(browser.driver());
            Sample live = page.await(s -> "live".equals(s.state()) || "error".equals(s.state()), LIVE_LIMIT);
            assertEquals(
                    "live",
                    live.state(),
                    "the page went live over a " + THIN_KBIT + " kbit/s link; banner: " + live.banner());
            // the camera's numbered frames give the real loop of each second beside the page's estimate (the trace)
            LoopProbe loops = new LoopProbe(browser.driver());
            loops.start();
            QueueStats downAtLive = network.stats(Direction.TO_CLIENT);
            QueueStats upAtLive = network.stats(Direction.TO_SERVER);
            Thread.sleep(START_WINDOW.toMillis());
            QueueStats down = network.stats(Direction.TO_CLIENT);
            QueueStats up = network.stats(Direction.TO_SERVER);
            long startDrops = down.dropped() - downAtLive.dropped();
            long sent = down.sentPackets() - downAtLive.sentPackets();
            System.out.printf(
                    "[net] the first %d s at %d kbit/s: toward the page %d packets sent, %d dropped; "
                            + "toward the server %d sent, %d dropped%n",
                    START_WINDOW.toSeconds(),
                    THIN_KBIT,
                    sent,
                    startDrops,
                    up.sentPackets() - upAtLive.sentPackets(),
                    up.dropped() - upAtLive.dropped());

            loops.take();
            List<Look> cappedLooks = watch(page, loops, WATCH);
            List<Sample> capped = samples(cappedLooks);
            Sample last = capped.get(capped.size() - 1);
            System.out.println("[net] capped: " + PageTrace.describe(cappedLooks));
            assertEquals("live", last.state(), "the session stays up; banner: " + last.banner());
            // libwebrtc's first bandwidth probes (at 3 and 6 times the start, which no API of webrtc-java 0.14 turns
            // off)
            // may cost a few packets; a start above the link lost 111 in a burst and lagged 1-2.5 s (the runs)
            assertTrue(
                    startDrops <= START_DROPS_ALLOWED * sent,
                    "the server's start overflows no " + THIN_KBIT + " kbit/s queue: " + startDrops + " of " + sent
                            + " packets dropped");
            int[] size = size(last.link().get("videoBack"));
            assertTrue(
                    size[0] * size[1] < PalmCamera.WIDTH * PalmCamera.HEIGHT,
                    "the processed video shrinks below " + PalmCamera.WIDTH + "x" + PalmCamera.HEIGHT + ": "
                            + last.link().get("videoBack"));
            int[] camera = size(last.link().get("cameraSent"));
            assertTrue(
                    camera[0] * camera[1] < PalmCamera.WIDTH * PalmCamera.HEIGHT,
                    "the camera's picture shrinks for the thin uplink: "
                            + last.link().get("cameraSent"));
            assertTrue(
                    capped.stream().allMatch(s -> PageTrace.number(s.link(), "shownFps") > 0),
                    "new frames are shown every second: " + PageTrace.describe(cappedLooks));
            assertNotNull(
                    last.link().get("picture"),
                    "the page says that the picture is smaller to fit the link: " + PageTrace.describe(cappedLooks));

            network.uncap(Direction.TO_SERVER);
            network.uncap(Direction.TO_CLIENT);
            long uncapped = System.nanoTime();
            loops.take();
            List<Look> climb = watchUntil(
                    page, loops, s -> "640x480".equals(PageTrace.value(s.link(), "videoBack")), FULL_SIZE_AGAIN);
            Sample full = climb.get(climb.size() - 1).sample();
            System.out.printf(
                    "[net] the cap lifted: the video was %s after %d ms: %s%n",
                    PageTrace.value(full.link(), "videoBack"),
                    (System.nanoTime() - uncapped) / 1_000_000,
                    PageTrace.describe(climb));
            assertEquals(
                    "640x480", PageTrace.value(full.link(), "videoBack"), "the video grows back to the camera's size");
            assertNull(full.link().get("picture"), "no reduced-picture status at full size");

            // from a page that shows no notice (on a busy machine a second of fewer than 20 frames shown may just have
            // brought one), so that the time to the notice is the new cap's
            page.await(s -> s.network() == null, NOTICE_CLEARS);
            network.cap(Direction.TO_SERVER, THIN_KBIT);
            network.cap(Direction.TO_CLIENT, THIN_KBIT);
            long recapped = System.nanoTime();
            Sample shown = page.await(s -> s.network() != null, NOTICE_SHOWS);
            System.out.printf(
                    "[net] capped again mid-session: the notice showed after %d ms: %s%n",
                    (System.nanoTime() - recapped) / 1_000_000, shown.network());
            assertNotNull(shown.network(), "the notice shows when the link degrades mid-session");

            Thread.sleep(OUTAGE_AFTER_NOTICE.toMillis());
            String atLift = page.sample().network();
            network.uncap(Direction.TO_SERVER);
            network.uncap(Direction.TO_CLIENT);
            long lifted = System.nanoTime();
            loops.take();
            List<Look> clearing = watchUntil(page, loops, s -> s.network() == null, NOTICE_CLEARS);
            Sample cleared = clearing.get(clearing.size() - 1).sample();
            long clearMs = (System.nanoTime() - lifted) / 1_000_000;
            System.out.println("[net] after the lift, until the notice cleared: " + PageTrace.describe(clearing));
            Sample back = page.await(s -> "640x480".equals(PageTrace.value(s.link(), "videoBack")), FULL_SIZE_AGAIN);
            System.out.printf(
                    "[net] the cap lifted %d s after the notice: the notice (at the lift: %s) cleared after %d ms, "
                            + "the video was %s after %d ms%n",
                    OUTAGE_AFTER_NOTICE.toSeconds(),
                    atLift,
                    clearMs,
                    PageTrace.value(back.link(), "videoBack"),
                    (System.nanoTime() - lifted) / 1_000_000);
            assertNull(cleared.network(), "the notice clears once the link recovers");
        } finally {
            network.uncap(Direction.TO_SERVER);
            network.uncap(Direction.TO_CLIENT);
        }
    }

    @Test
    void fivePercentLossBothWaysKeepsTheSessionUpAndIsRepaired() throws Exception {
        Impairment lossy = new Impairment(LOSS, 0, 0);
        ImpairmentRelay.Report report;
        List<Look> looks;
        try (ImpairmentRelayProcess relay = bed.impair(lossy, lossy, 5);
                NamespacedChromium browser = bed.openPage(camera, true)) {
            PageProbe page = new PageProbe(browser.driver());
            Sample live = page.await(s -> "live".equals(s.state()) || "error".equals(s.state()), LIVE_LIMIT);
            assertEquals("live", live.state(), "the page went live through the lossy relay; banner: " + live.banner());
            Thread.sleep(START_WINDOW.toMillis());
            looks = watch(page, null, WATCH);
            report = relay.stop();
        }
        List<Sample> samples = samples(looks);
        Sample last = samples.get(samples.size() - 1);
        long nacks = samples.stream()
                .mapToLong(s -> (long) PageTrace.number(s.link(), "nacks"))
                .sum();
        System.out.println("[net] " + (int) (LOSS * 100) + "% loss both ways: " + PageTrace.describe(looks));
        System.out.println("[net] the relay: " + report.line() + "; the page's NACKs over the watch: " + nacks
                + "; route " + last.route());
        assertEquals("live", last.state(), "the session stays up; banner: " + last.banner());
        assertEquals("relay", String.valueOf(last.route().get("local")), "the media went through the relay");
        assertTrue(
                report.toUpstream().dropped() > 0 && report.toClient().dropped() > 0,
                "the relay lost packets both ways: " + report.line());
        assertTrue(nacks > 0, "the page asked for the lost packets again (NACK)");
        assertTrue(
                samples.stream().allMatch(s -> PageTrace.number(s.link(), "shownFps") > 0),
                "new frames are shown every second: " + PageTrace.describe(looks));
    }

    /** A camera that is not a browser, the Java WebRTC client, on the same thin link gets the smaller picture too. */
    @Test
    void aJavaClientOnTheThinLinkGetsTheSmallerPictureAndKeepsGettingFrames() {
        TestNetwork network = bed.network();
        network.cap(Direction.TO_SERVER, THIN_KBIT);
        network.cap(Direction.TO_CLIENT, THIN_KBIT);
        List<String> output;
        try (ChildProgram client = ChildProgram.start(
                "java-client",
                network.inClient(JavaCommand.of(
                        ThinLinkClient.class,
                        List.of(
                                bed.signalingUri().toString(),
                                TestData.clip01().toAbsolutePath().toString(),
                                Long.toString(JAVA_CLIENT_SECONDS)))))) {
            output = client.awaitExit(Duration.ofSeconds(JAVA_CLIENT_SECONDS + 60));
        } finally {
            network.uncap(Direction.TO_SERVER);
            network.uncap(Direction.TO_CLIENT);
        }
        String line = output.stream()
                .filter(l -> l.startsWith(ThinLinkClient.PREFIX))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the Java client printed no figures: " + output));
        System.out.println("[net] the Java client on the " + THIN_KBIT + " kbit/s link: " + line);
        Matcher back = Pattern.compile("back-in-second-half=(\\d+)").matcher(line);
        assertTrue(back.find(), line);
        assertTrue(
                Long.parseLong(back.group(1)) >= 10 * JAVA_CLIENT_SECONDS / 2,
                "processed frames keep coming (10 a second at least): " + line);
        Matcher sizes = Pattern.compile("(\\d+)x(\\d+)=").matcher(line);
        int found = 0;
        while (sizes.find()) {
            found++;
            assertTrue(
                    Integer.parseInt(sizes.group(1)) * Integer.parseInt(sizes.group(2))
                            < PalmCamera.WIDTH * PalmCamera.HEIGHT,
                    "smaller than the camera's picture: " + line);
        }
        assertTrue(found > 0, line);
    }

    /** Looks at the page every second for {@code length}, keeping the looks that have the page's link figures. */
    private static List<Look> watch(PageProbe page, LoopProbe loops, Duration length) throws InterruptedException {
        List<Look> looks = new ArrayList<>();
        long end = System.nanoTime() + length.toNanos();
        while (System.nanoTime() < end) {
            Look look = look(page, loops);
            if (look.sample().link() != null) {
                looks.add(look);
            }
        }
        assertTrue(looks.size() >= length.toSeconds() / 2, "the page reports its link figures every second");
        return looks;
    }

    /** Looks at the page every second until {@code done} or {@code limit}, keeping the looks; the last is the end. */
    private static List<Look> watchUntil(PageProbe page, LoopProbe loops, Predicate<Sample> done, Duration limit)
            throws InterruptedException {
        List<Look> looks = new ArrayList<>();
        long end = System.nanoTime() + limit.toNanos();
        Look look = new Look(page.sample(), null);
        looks.add(look);
        while (!done.test(look.sample()) && System.nanoTime() < end) {
            look = look(page, loops);
            looks.add(look);
        }
        return looks;
    }

    private static Look look(PageProbe page, LoopProbe loops) throws InterruptedException {
        Thread.sleep(1000);
        return new Look(page.sample(), loops == null ? null : loops.take());
    }

    private static List<Sample> samples(List<Look> looks) {
        return looks.stream().map(Look::sample).toList();
    }

    private static int[] size(Object text) {
        String[] parts = String.valueOf(text).split("x");
        assertEquals(2, parts.length, "a size: " + text);
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }
}
