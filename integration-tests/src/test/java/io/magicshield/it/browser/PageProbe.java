package io.magicshield.it.browser;

import io.magicshield.it.video.ShieldDetector;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Looks at the Magic Shield page as a person would, through {@code browser/page-probe.js}: the gold in the
 * processed and the camera video (with {@link ShieldDetector}'s thresholds), the page's state and its stats panel.
 */
public final class PageProbe {

    /**
     * One look at the page. Gold shares are null until the video has a frame; {@code route} (the selected candidate
     * pair's types: local, remote, protocol, relayProtocol) until the connection is up; {@code network} is the
     * poor-connection notice's text while it shows; {@code link} the page's last second of link figures
     * ({@code window.magicShield.link}: shownFps, decodedFps, loopMs, freezes, upKbps, downKbps, lossUp, lossDown,
     * videoBack, cameraSent, nacks, plis, poor, reasons), null before the first.
     */
    public record Sample(
            long atMillis,
            String state,
            Double remoteGold,
            Double localGold,
            String remoteSize,
            Double firstFrameMs,
            Double rttMs,
            Map<String, String> panel,
            String banner,
            Map<String, Object> route,
            String network,
            Map<String, Object> link) {}

    private static final long POLL_MILLIS = 250;

    private final JavascriptExecutor page;
    private final String script;
    private final long startNanos = System.nanoTime();

    public PageProbe(JavascriptExecutor page) {
        this.page = page;
        this.script = PageScripts.read("page-probe.js");
    }

    @SuppressWarnings("unchecked")
    public Sample sample() {
        Map<String, Object> result = (Map<String, Object>) page.executeScript(
                script, ShieldDetector.MIN_RED, ShieldDetector.MIN_RED_OVER_BLUE, ShieldDetector.MIN_RED_OVER_GREEN);
        Map<String, Object> remote = (Map<String, Object>) result.get("remote");
        Map<String, Object> local = (Map<String, Object>) result.get("local");
        return new Sample(
                (System.nanoTime() - startNanos) / 1_000_000,
                (String) result.get("state"),
                remote == null ? null : number(remote.get("gold")),
                local == null ? null : number(local.get("gold")),
                remote == null ? null : remote.get("width") + "x" + remote.get("height"),
                number(result.get("firstFrameMs")),
                number(result.get("rttMs")),
                (Map<String, String>) result.get("panel"),
                (String) result.get("banner"),
                (Map<String, Object>) result.get("route"),
                (String) result.get("network"),
                (Map<String, Object>) result.get("link"));
    }

    /** Looks until the page shows {@code condition} or {@code limit} passed; returns the last look. */
    /**
     * What a person sees when the server refuses them: a fresh Chromium opens {@code page} (with {@code ?autostart})
     * and is looked at until it has stopped with a banner, or for 20 s.
     */
    public static Sample refusedAt(String page) throws IOException {
        try (ChromiumBrowser browser = new ChromiumBrowser(PatternCamera.file(), PatternCamera.workDir())) {
            browser.driver().get(page);
            return new PageProbe(browser.driver())
                    .await(s -> s.banner() != null && "error".equals(s.state()), Duration.ofSeconds(20));
        }
    }

    public Sample await(Predicate<Sample> condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        Sample now = sample();
        while (!condition.test(now) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            now = sample();
        }
        return now;
    }

    private static Double number(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}
