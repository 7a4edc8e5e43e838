package io.magicshield.it.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.Await;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.openqa.selenium.JavascriptExecutor;

/**
 * What a room page reports of its sound ({@code window.magicShield.audio}, js/room-audio.js): per speaker (by stream
 * id) the chunks that arrived, the frames decoded, and the meter on that speaker's way to the speakers (20 ms blocks
 * played, mean power and power in the 440 Hz and 880 Hz bands); the same meter on the mix of all speakers
 * ({@code output}); the states of its playback and capture AudioContexts. Works on any page a test can run scripts in
 * (Chromium through Selenium, Firefox through {@link FirefoxBrowser}).
 */
public final class RoomSound {

    /** 2 s of 20 ms blocks played from a speaker before its sound is judged. */
    public static final int MIN_BLOCKS = 100;
    /** The tone's band over the other tone's band, at least: a 440 Hz sine leaks about -29 dB into 880 Hz. */
    public static final double MIN_BAND_RATIO = 10;
    /**
     * A tone's band power (its squared amplitude) at least: Chromium's file tone is at half of full scale (0.25),
     * Firefox's fake microphone about a tenth (0.01); sound through the browser's processing and Opus keeps most, and
     * the running mean of a meter also counts the silence before the first chunk.
     */
    public static final double MIN_TONE_POWER = 0.001;

    private static final Duration POLL = Duration.ofMillis(250);

    private final JavascriptExecutor page;

    public RoomSound(JavascriptExecutor page) {
        this.page = page;
    }

    /** Per speaker's stream id, what the page counts and measures of it. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> sources() {
        return (Map<String, Map<String, Object>>) page.executeScript("return window.magicShield.audio?.sources ?? {};");
    }

    /** The meter on the mix the page plays. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> output() {
        return (Map<String, Object>) page.executeScript("return window.magicShield.audio?.output ?? null;");
    }

    /** The playback AudioContext's state ({@code running} once it plays). */
    public Object playback() {
        return page.executeScript("return window.magicShield.audio?.playback;");
    }

    /** The capture AudioContext's state (Firefox; Chromium reads the microphone without one: null). */
    public Object capture() {
        return page.executeScript("return window.magicShield.audio?.capture;");
    }

    public String describe() {
        return String.valueOf(page.executeScript("return JSON.stringify(window.magicShield.audio);"));
    }

    /** Waits up to {@code limit} for the sources to meet {@code condition}; fails with the page's status if not. */
    public Map<String, Map<String, Object>> await(
            Predicate<Map<String, Map<String, Object>>> condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        Map<String, Map<String, Object>> now = sources();
        while (!condition.test(now) && System.nanoTime() < deadline) {
            Await.pause(POLL);
            now = sources();
        }
        assertTrue(condition.test(now), "the page's sound: " + describe());
        return now;
    }

    /** The page played at least {@link #MIN_BLOCKS} blocks of {@code stream}. */
    public static Predicate<Map<String, Map<String, Object>>> played(String stream) {
        return sources -> count(sources, stream, "blocks") >= MIN_BLOCKS;
    }

    /** A counter of one speaker ({@code chunks}, {@code frames}, {@code blocks}, ...); 0 for a speaker not heard. */
    public static long count(Map<String, Map<String, Object>> sources, String stream, String counter) {
        Map<String, Object> source = sources.get(stream);
        return source == null ? 0 : ((Number) source.get(counter)).longValue();
    }

    /** Asserts that the meter measured {@code tone} and not {@code other}, and prints what it measured. */
    @SuppressWarnings("unchecked")
    public static void assertTone(Map<String, Object> meter, int tone, int other, String what) {
        Map<String, Object> bands = (Map<String, Object>) meter.get("bands");
        double tonePower = ((Number) bands.get(Integer.toString(tone))).doubleValue();
        double otherPower = ((Number) bands.get(Integer.toString(other))).doubleValue();
        System.out.printf(
                "[room-sound] %s: %d Hz band %.5f, %d Hz band %.6f (ratio %.0f), power %.5f over %s blocks%n",
                what,
                tone,
                tonePower,
                other,
                otherPower,
                tonePower / otherPower,
                ((Number) meter.get("power")).doubleValue(),
                meter.get("blocks"));
        assertTrue(tonePower >= MIN_TONE_POWER, what + ": the tone carries energy: " + meter);
        assertTrue(tonePower >= MIN_BAND_RATIO * otherPower, what + ": the tone's band, not the other's: " + meter);
    }
}
