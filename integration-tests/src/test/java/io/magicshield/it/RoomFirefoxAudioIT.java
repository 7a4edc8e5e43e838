package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.browser.ChromiumBrowser;
import io.magicshield.it.browser.FirefoxBrowser;
import io.magicshield.it.browser.NullSoundCard;
import io.magicshield.it.browser.PatternCamera;
import io.magicshield.it.browser.RoomProbe;
import io.magicshield.it.browser.RoomSound;
import io.magicshield.it.browser.ToneMicrophone;
import io.magicshield.it.server.LeakCheck;
import jakarta.json.Json;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Firefox ESR and Chromium in one room with sound both ways (docs/protocol.md, "Room audio"): Firefox's fake
 * microphone is a 440 Hz sine ({@code media.navigator.audio.fake_frequency}), Chromium's an 880 Hz file. Firefox plays
 * into a PulseAudio null sink ({@link NullSoundCard}) as it would into a user's sound card. It joins as the creator
 * of a room does, by {@code ?autostart} with no click on the page yet: the page says that sound waits for a click and
 * Firefox sends nothing; a mouse click on that message through WebDriver BiDi (a user's gesture) starts its capture
 * and playback. Then each page plays the other's tone and none of its own, measured by the meters on the way to its
 * speakers, per speaker and in the mix. Afterwards the room ends and nothing is left.
 */
class RoomFirefoxAudioIT extends ServerTest {

    private static final int GRACE_SECONDS = 3;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int FIREFOX_HZ = 440;
    private static final int CHROMIUM_HZ = 880;

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of("magicshield.rooms.empty-grace-seconds", Integer.toString(GRACE_SECONDS)));
    }

    @Test
    void firefoxAndChromiumEachPlayTheOthersToneAndNoneOfTheirOwn() throws Exception {
        LeakCheck leaks = LeakCheck.begin("room-firefox-audio");
        Path work = TestData.outputDir().resolve("room-firefox-audio");
        long started = System.nanoTime();
        try (NullSoundCard card = NullSoundCard.start(work);
                FirefoxBrowser firefox = new FirefoxBrowser(work.resolve("firefox"), card, FIREFOX_HZ);
                ChromiumBrowser chromium = new ChromiumBrowser(
                        PatternCamera.file(),
                        work.resolve("chromium"),
                        ToneMicrophone.switches(ToneMicrophone.file(work, CHROMIUM_HZ)))) {
            // made once the browsers are up: a room no one joins ends after its grace
            String page = BASE.resolve("/room/" + createRoom()).toString();
            firefox.navigate(page + "?autostart");
            chromium.driver().get(page + "?autostart");
            String inFirefox = new RoomProbe(firefox)
                    .await(s -> s.streamId() != null, WAIT)
                    .streamId();
            String inChromium = new RoomProbe(chromium.driver())
                    .await(s -> s.streamId() != null, WAIT)
                    .streamId();
            RoomSound atFirefox = new RoomSound(firefox);
            RoomSound atChromium = new RoomSound(chromium.driver());

            // no click on the page yet: Firefox holds its sound back, and the page says so
            Await.until(
                    () -> Boolean.TRUE.equals(firefox.executeScript("return window.magicShield.audio?.held;")),
                    WAIT,
                    atFirefox::describe);
            Object banner = firefox.executeScript(
                    "const b = document.getElementById('banner'); return b.hidden ? null : b.textContent;");
            Object sentBeforeClick = firefox.executeScript("return window.magicShield.audio.sent;");
            System.out.printf(
                    "[room-firefox-audio] before a click: capture %s, playback %s, chunks sent %s; the banner: %s%n",
                    atFirefox.capture(), atFirefox.playback(), sentBeforeClick, banner);
            assertEquals("suspended", atFirefox.capture(), "Firefox waits for a gesture: " + atFirefox.describe());
            assertEquals(0L, sentBeforeClick, "nothing sent while the microphone's context waits");
            assertTrue(String.valueOf(banner).startsWith("Click anywhere"), "the page asks for a click: " + banner);

            firefox.click("#banner");
            Map<String, Map<String, Object>> heardInFirefox = atFirefox.await(RoomSound.played(inChromium), WAIT);
            Map<String, Map<String, Object>> heardInChromium = atChromium.await(RoomSound.played(inFirefox), WAIT);
            System.out.printf(
                    "[room-firefox-audio] %.1f s from the start; Firefox (%s, %d Hz; capture %s, playback %s, sent %s)"
                            + " plays %s%n[room-firefox-audio] Chromium (%s, %d Hz; playback %s) plays %s%n",
                    (System.nanoTime() - started) / 1e9,
                    inFirefox,
                    FIREFOX_HZ,
                    atFirefox.capture(),
                    atFirefox.playback(),
                    firefox.executeScript("return window.magicShield.audio.sent;"),
                    heardInFirefox,
                    inChromium,
                    CHROMIUM_HZ,
                    atChromium.playback(),
                    heardInChromium);
            assertEquals(Set.of(inChromium), heardInFirefox.keySet(), "Firefox hears Chromium and not itself");
            assertEquals(Set.of(inFirefox), heardInChromium.keySet(), "Chromium hears Firefox and not itself");
            assertEquals("running", atFirefox.capture(), "Firefox reads its microphone after the click");
            assertEquals("running", atFirefox.playback(), "Firefox plays after the click");
            assertEquals("running", atChromium.playback(), "Chromium plays");
            assertEquals(
                    null,
                    firefox.executeScript(
                            "const b = document.getElementById('banner'); return b.hidden ? null : b.textContent;"),
                    "the click message is gone");
            RoomSound.assertTone(heardInFirefox.get(inChromium), CHROMIUM_HZ, FIREFOX_HZ, "Chromium's tone in Firefox");
            RoomSound.assertTone(heardInChromium.get(inFirefox), FIREFOX_HZ, CHROMIUM_HZ, "Firefox's tone in Chromium");
            RoomSound.assertTone(atFirefox.output(), CHROMIUM_HZ, FIREFOX_HZ, "Firefox's speakers");
            RoomSound.assertTone(atChromium.output(), FIREFOX_HZ, CHROMIUM_HZ, "Chromium's speakers");
        }
        PrometheusScrape gauges = PrometheusScrape.now();
        long until = System.nanoTime() + Duration.ofSeconds(GRACE_SECONDS + 10).toNanos();
        while (gauges.valueOrZero("magicshield_rooms_open") > 0 && System.nanoTime() < until) {
            Await.pause(Duration.ofMillis(250));
            gauges = PrometheusScrape.now();
        }
        assertEquals(0, gauges.valueOrZero("magicshield_rooms_open"), "the room ended after its grace");
        leaks.assertNothingLeft(2);
    }

    private static String createRoom() {
        HttpResponse<String> answer =
                send(HttpRequest.newBuilder(BASE.resolve("/api/rooms")).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, answer.statusCode(), answer.body());
        return Json.createReader(new StringReader(answer.body())).readObject().getString("id");
    }
}
