package io.magicshield.it.browser;

import io.magicshield.it.video.ShieldDetector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Looks at the room page as a person would, through {@code browser/room-probe.js}: each tile's picture (gold share,
 * mean colour) and figures (frames decoded, frame rate), the own processed video and preview, the page's state,
 * the last room message and the banner.
 */
public final class RoomProbe {

    /** A video's picture now: the share of gold pixels and the mean red, green and blue. */
    public record Look(double gold, List<Double> mean) {

        /** Euclidean distance between two mean colours, 0 to 441. */
        public double distance(Look other) {
            double sum = 0;
            for (int i = 0; i < 3; i++) {
                double d = mean.get(i) - other.mean.get(i);
                sum += d * d;
            }
            return Math.sqrt(sum);
        }

        @Override
        public String toString() {
            return String.format("gold %.4f, mean rgb (%.0f, %.0f, %.0f)", gold, mean.get(0), mean.get(1), mean.get(2));
        }
    }

    /** One tile: its picture (null before a frame) and the page's figures for its receive slot. */
    public record Tile(Look look, long framesDecoded, double fps) {}

    public record Sample(
            String state, Map<String, Object> room, Map<String, Tile> tiles, Look self, Look preview, String banner) {

        /** The page's own stream id (from the room message), null before it. */
        public String streamId() {
            return room == null ? null : (String) room.get("streamId");
        }
    }

    private static final long POLL_MILLIS = 100;

    private final JavascriptExecutor page;
    private final String script = PageScripts.read("room-probe.js");

    public RoomProbe(JavascriptExecutor page) {
        this.page = page;
    }

    @SuppressWarnings("unchecked")
    public Sample sample() {
        Map<String, Object> result = (Map<String, Object>) page.executeScript(
                script, ShieldDetector.MIN_RED, ShieldDetector.MIN_RED_OVER_BLUE, ShieldDetector.MIN_RED_OVER_GREEN);
        Map<String, Tile> tiles = new TreeMap<>();
        ((Map<String, Map<String, Object>>) result.get("tiles"))
                .forEach((stream, tile) -> tiles.put(
                        stream,
                        new Tile(
                                look(tile.get("look")),
                                ((Number) tile.get("framesDecoded")).longValue(),
                                ((Number) tile.get("fps")).doubleValue())));
        return new Sample(
                (String) result.get("state"),
                (Map<String, Object>) result.get("room"),
                tiles,
                look(result.get("self")),
                look(result.get("preview")),
                (String) result.get("banner"));
    }

    @SuppressWarnings("unchecked")
    private static Look look(Object value) {
        if (value == null) {
            return null;
        }
        Map<String, Object> look = (Map<String, Object>) value;
        List<Double> mean = ((List<Number>) look.get("mean"))
                .stream().map(Number::doubleValue).toList();
        return new Look(((Number) look.get("gold")).doubleValue(), mean);
    }

    /** Looks until the page shows {@code condition} or {@code limit} passed; returns the last look. */
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

    /** Runs {@code browser/whep-play.js} (a minimal WHEP player) in this browser against {@code endpoint}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> playWhep(String endpoint) {
        return (Map<String, Object>) page.executeAsyncScript(PageScripts.read("whep-play.js"), endpoint);
    }
}
