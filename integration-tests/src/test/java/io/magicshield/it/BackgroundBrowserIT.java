package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.browser.ChromiumBrowser;
import io.magicshield.it.browser.MagentaPicture;
import io.magicshield.it.browser.PageProbe;
import io.magicshield.it.video.PalmCamera;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The background option as a person uses it: Chromium with the clip01 camera opens {@code /?autostart}, picks each
 * background in the page's own control and looks at the processed video. The top band of the picture is the room
 * behind the person in every frame of clip01, so its mean colour in the processed video against the camera preview's
 * says whether the background was replaced: the same with {@code off}, far apart with {@code scene} (the generated
 * sanctum at dusk against a dark red room). Then the person's own picture through the page's file input: a file that
 * is no picture gets the server's reason in the banner, a magenta PNG fills the band. Screenshots of each mode go to
 * target/browser/.
 */
class BackgroundBrowserIT extends ServerUnderTest {

    /** Top rows of a frame, as a share of its height: above the person's head in every frame of clip01. */
    private static final double TOP_BAND = 0.15;
    /** Euclidean RGB distance of the band's means: codec noise and scaling stay far below 12 (measured 1.3-2.5). */
    private static final double SAME_PICTURE = 12;
    /** The scene's night sky against clip01's dark red room measured 55 apart. */
    private static final double REPLACED = 30;

    private static final long SETTLE_MS = 4_000;
    private static final long MAX_WAIT_MS = 30_000;

    /** The band's mean colour of #remote and #local, each from a canvas copy of the decoded video. */
    private static final String BAND_MEANS = """
            const band = arguments[0];
            function mean(video) {
              if (!video || video.readyState < 2 || !video.videoWidth) return null;
              const canvas = document.createElement('canvas');
              canvas.width = 160;
              canvas.height = 120;
              const context = canvas.getContext('2d', { willReadFrequently: true });
              context.drawImage(video, 0, 0, canvas.width, canvas.height);
              const rows = Math.max(1, Math.round(canvas.height * band));
              const data = context.getImageData(0, 0, canvas.width, rows).data;
              const sum = [0, 0, 0];
              for (let i = 0; i < data.length; i += 4) { sum[0] += data[i]; sum[1] += data[i + 1]; sum[2] += data[i + 2]; }
              const n = data.length / 4;
              return sum.map((s) => s / n);
            }
            return { remote: mean(document.getElementById('remote')), local: mean(document.getElementById('local')) };
            """;

    @Test
    void theSceneReplacesTheRoomBehindThePersonAndTheShieldStaysOnTop() throws Exception {
        Path work = TestData.outputDir().resolve("browser");
        Path camera = PalmCamera.file(work);
        try (ChromiumBrowser browser = new ChromiumBrowser(camera, work)) {
            ChromeDriver driver = browser.driver();
            driver.get(BASE + "?autostart");
            PageProbe probe = new PageProbe(driver);
            long deadline = System.currentTimeMillis() + MAX_WAIT_MS;
            while (!"live".equals(probe.sample().state()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(300);
            }
            assertEquals(
                    "live",
                    probe.sample().state(),
                    "the page went live; banner: " + probe.sample().banner());

            double off = distanceAfter(driver, "off", work);
            double blur = distanceAfter(driver, "blur", work);
            double scene = distanceAfter(driver, "scene", work);
            double gold = probe.sample().remoteGold();

            // The person's own picture, through the page's file input: first a file that is no picture, then one.
            driver.executeScript(
                    "const s = arguments[0]; s.value = 'image'; s.dispatchEvent(new Event('change'));",
                    driver.findElement(By.id("background")));
            Path notAPicture = work.resolve("not-a-picture.png");
            Files.writeString(notAPicture, "<svg xmlns='http://www.w3.org/2000/svg'/>");
            driver.findElement(By.id("backgroundPicture")).sendKeys(notAPicture.toString());
            String refusal = awaitBanner(probe);
            Path magenta = MagentaPicture.write(work.resolve("magenta.png"), 320, 240);
            driver.findElement(By.id("backgroundPicture")).sendKeys(magenta.toString());
            Thread.sleep(SETTLE_MS);
            Files.write(work.resolve("background-image.png"), driver.getScreenshotAs(OutputType.BYTES));
            List<Number> band = bandMeans(driver).get("remote");
            System.out.printf("[background] refusal shown: %s; top band with the magenta picture: %s%n", refusal, band);
            System.out.printf(
                    "[background] top band, processed vs camera (RGB distance): off %.1f, blur %.1f, scene %.1f; "
                            + "gold share with the scene %.4f%n",
                    off, blur, scene, gold);

            assertTrue(off < SAME_PICTURE, "with the background off the room stays: " + off);
            assertTrue(scene > REPLACED, "the scene replaces the room behind the person: " + scene);
            assertTrue(gold > 0.01, "the shield is drawn over the scene: gold share " + gold);
            assertTrue(refusal != null && !refusal.isBlank(), "the page says why the file was refused");
            assertTrue(
                    band.get(0).doubleValue() > 150
                            && band.get(1).doubleValue() < 90
                            && band.get(2).doubleValue() > 150,
                    "the uploaded magenta picture is behind the person: " + band);
            assertEquals("live", probe.sample().state(), "the session went on through every change");
        }
    }

    /** Picks the mode in the page's control, lets the mask settle, saves a screenshot and measures the band. */
    private static double distanceAfter(ChromeDriver driver, String mode, Path work) throws Exception {
        // As the select does when a person picks an entry (selenium-support's Select is not on the classpath).
        driver.executeScript(
                "const s = arguments[0]; s.value = arguments[1]; s.dispatchEvent(new Event('change'));",
                driver.findElement(By.id("background")),
                mode);
        Thread.sleep(SETTLE_MS);
        Files.write(work.resolve("background-" + mode + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        Map<String, List<Number>> means = bandMeans(driver);
        List<Number> remote = means.get("remote");
        List<Number> local = means.get("local");
        assertTrue(remote != null && local != null, "both videos play: " + means);
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            double d = remote.get(c).doubleValue() - local.get(c).doubleValue();
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<Number>> bandMeans(ChromeDriver driver) {
        return (Map<String, List<Number>>) driver.executeScript(BAND_MEANS, TOP_BAND);
    }

    /** The page's banner text once it shows one, within 10 s (null if it never does). */
    private static String awaitBanner(PageProbe probe) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            String banner = probe.sample().banner();
            if (banner != null) {
                return banner;
            }
            Thread.sleep(200);
        }
        return null;
    }
}
