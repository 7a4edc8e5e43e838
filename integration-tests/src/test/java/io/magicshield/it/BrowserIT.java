package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.browser.ChromiumBrowser;
import io.magicshield.it.browser.LoopProbe;
import io.magicshield.it.browser.PageProbe;
import io.magicshield.it.browser.PageProbe.Sample;
import io.magicshield.it.video.PalmCamera;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The product as a person meets it: Debian's Chromium, headless, with a fake camera playing clip01 ({@link PalmCamera}), opens
 * {@code /?autostart}. The test reads the pixels of the processed video ({@code #remote}) to find the shield's gold
 * (far above the camera preview's), watches the live stats panel change, measures the loop camera -> server ->
 * screen in the page (the camera's frames are numbered, see {@link LoopProbe}) and saves a screenshot in
 * target/browser/.
 */
class BrowserIT extends ServerUnderTest {

    private static final long SAMPLE_EVERY_MS = 300;
    private static final long MIN_WATCH_MS = 8_000;
    private static final long MAX_WATCH_MS = 40_000;
    /** A shield covers about 5% of a 640x480 frame with gold; clip01's camera picture has well under 1%. */
    private static final double MIN_SHIELD_GOLD = 0.02;

    private static final double MIN_GOLD_OVER_PREVIEW = 3;
    /** Processed frames paired with their camera frames, at the least, for the loop's figures to mean something. */
    private static final int MIN_LOOPS = 30;
    /**
     * The loop is timed once the session has settled (the sender's bandwidth estimate starts low and climbs, the
     * jitter buffers adapt), as the load driver does, over {@link #LOOP_WINDOW_MS}.
     */
    private static final long LOOP_SETTLE_MS = 8_000;

    private static final long LOOP_WINDOW_MS = 10_000;

    @Test
    void autostartedPageShowsTheShieldAndLiveStats() throws Exception {
        Path work = TestData.outputDir().resolve("browser");
        Path camera = PalmCamera.file(work);
        System.out.printf("[browser] fake camera: %s, %d MB%n", camera, Files.size(camera) >> 20);

        List<Sample> samples = new ArrayList<>();
        Sample brightest = null;
        byte[] screenshot = null;
        Sample afterStop;
        LoopProbe.Loops loops = null;
        try (ChromiumBrowser browser = new ChromiumBrowser(camera, work)) {
            ChromeDriver driver = browser.driver();
            driver.get(BASE + "?autostart");
            PageProbe probe = new PageProbe(driver);
            LoopProbe loopProbe = new LoopProbe(driver);
            long liveAt = -1;
            long timingFrom = -1;
            while (true) {
                Sample now = probe.sample();
                samples.add(now);
                if (liveAt < 0 && "live".equals(now.state())) {
                    liveAt = now.atMillis();
                }
                if (timingFrom < 0 && liveAt >= 0 && now.atMillis() - liveAt >= LOOP_SETTLE_MS) {
                    loopProbe.start();
                    timingFrom = now.atMillis();
                }
                if (loops == null && timingFrom >= 0 && now.atMillis() - timingFrom >= LOOP_WINDOW_MS) {
                    loops = loopProbe.collect();
                }
                if (shows(now) && (brightest == null || now.remoteGold() > brightest.remoteGold() * 1.05)) {
                    brightest = now;
                    screenshot = driver.getScreenshotAs(OutputType.BYTES);
                }
                if (now.atMillis() > MAX_WATCH_MS
                        || "error".equals(now.state())
                        || now.atMillis() > MIN_WATCH_MS
                                && brightest != null
                                && panelStates(samples) >= 4
                                && loops != null) {
                    break;
                }
                Thread.sleep(SAMPLE_EVERY_MS);
            }
            driver.findElement(By.id("stop")).click();
            Thread.sleep(1000);
            afterStop = probe.sample();
        }

        Sample last = samples.get(samples.size() - 1);
        // the page shows the latest round trip; each distinct value is one pong
        List<Double> roundTrips = samples.stream()
                .map(Sample::rttMs)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        double previewGold = samples.stream()
                .map(Sample::localGold)
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(0);
        double leastRemoteGold = samples.stream()
                .map(Sample::remoteGold)
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .min()
                .orElse(Double.NaN);
        System.out.printf(
                "[browser] %d looks over %.1f s; state %s; remote video %s; banner %s%n",
                samples.size(), last.atMillis() / 1000.0, last.state(), last.remoteSize(), last.banner());
        System.out.printf(
                "[browser] first processed frame shown %.0f ms after the click on Start, opening the camera "
                        + "included (panel: %s); round trip median %.1f ms over %d pings (panel: %s)%n",
                nan(last.firstFrameMs()),
                last.panel().get("firstFrame"),
                Figures.median(roundTrips),
                roundTrips.size(),
                last.panel().get("rtt"));
        System.out.printf(
                "[browser] gold pixels: processed video up to %.4f (least %.4f), camera preview up to " + "%.4f%n",
                brightest == null ? Double.NaN : brightest.remoteGold(), leastRemoteGold, previewGold);
        if (loops != null) {
            System.out.printf(
                    "[browser] loop camera -> server -> screen, in the page: p50 %.0f ms, p90 %.0f ms "
                            + "over %d processed frames of %d shown in %d s (to the compositor: p50 %.0f ms; %d unreadable, %d stale; "
                            + "camera frames "
                            + "with the browser's capture time: %d); the same page showing its own camera: p50 %.0f ms "
                            + "capture -> screen; the browser's WebRTC: %s; %s%n",
                    Figures.median(loops.loopsMs()),
                    Figures.percentile(loops.loopsMs(), 0.9),
                    loops.loopsMs().size(),
                    loops.shown(),
                    LOOP_WINDOW_MS / 1000,
                    Figures.median(loops.composedMs()),
                    loops.unreadable(),
                    loops.stale(),
                    loops.cameraFramesWithCaptureTime(),
                    Figures.median(loops.previewMs()),
                    loops.describeBrowser(),
                    loops.describeReads());
            System.out.println("[browser] frames by stage over the same window: " + loops.describeStages());
        }
        System.out.println(
                "[browser] stats panel, distinct states: " + panelStates(samples) + "; last: " + last.panel());
        System.out.println("[browser] the page's own link figures (its loop estimate beside the one measured above): "
                + last.link() + "; poor-connection notice: " + last.network());
        if (screenshot != null) {
            Path file = work.resolve("magic-shield.png");
            Files.write(file, screenshot);
            System.out.printf(
                    "[browser] screenshot (processed gold %.4f, preview %.4f): %s%n",
                    brightest.remoteGold(), brightest.localGold(), file.toAbsolutePath());
        }

        assertEquals("live", last.state(), "the page went live; banner: " + last.banner());
        assertNotNull(last.firstFrameMs(), "the page reports its first processed frame");
        assertTrue(
                last.panel().get("firstFrame").matches("\\d+ ms"), last.panel().get("firstFrame"));
        assertTrue(!roundTrips.isEmpty() && last.panel().get("rtt").matches("[0-9.]+ ms"), "round trips shown");
        assertNotNull(
                brightest,
                "the shield's gold never filled " + MIN_SHIELD_GOLD + " of the processed video " + "at "
                        + MIN_GOLD_OVER_PREVIEW + "x the camera preview");
        assertTrue(panelStates(samples) >= 4, "the stats panel kept changing: " + panelStates(samples));
        assertTrue(
                last.panel().get("fps").matches("\\d+ / \\d+ fps"), last.panel().get("fps"));
        assertTrue(
                last.panel().get("shown").matches("\\d+ fps"),
                "frames shown: " + last.panel().get("shown"));
        assertTrue(
                last.panel().get("loop").matches("~\\d+ ms"),
                "the loop's estimate: " + last.panel().get("loop"));
        assertTrue(
                last.panel().get("video").matches("\\d+x\\d+ / \\d+x\\d+ @ \\d+ fps"),
                "the camera's and the processed video's sizes: " + last.panel().get("video"));
        assertEquals("idle", afterStop.state(), "Stop ends the session");
        assertNotNull(loops, "the page never went live, so no loop was timed");
        assertTrue(
                loops.loopsMs().size() >= MIN_LOOPS,
                "processed frames paired with their camera frames: "
                        + loops.loopsMs().size() + " (" + loops.unreadable() + " unreadable)");
    }

    /** The shield is on screen: much gold in the processed video, far more than in the camera picture. */
    private static boolean shows(Sample sample) {
        return sample.remoteGold() != null
                && sample.localGold() != null
                && sample.remoteGold() >= MIN_SHIELD_GOLD
                && sample.remoteGold() >= MIN_GOLD_OVER_PREVIEW * sample.localGold();
    }

    /** How many different contents the panel's live values had (round trip, processing, fps, CPU). */
    private static int panelStates(List<Sample> samples) {
        Set<String> states = new LinkedHashSet<>();
        for (Sample sample : samples) {
            states.add(sample.panel().get("rtt") + "|" + sample.panel().get("processing") + "|"
                    + sample.panel().get("fps") + "|" + sample.panel().get("cpu"));
        }
        states.remove("–|–|–|–");
        return states.size();
    }

    private static double nan(Double value) {
        return value == null ? Double.NaN : value;
    }
}
