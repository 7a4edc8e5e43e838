package io.magicshield.it.browser;

import io.magicshield.it.video.FrameMarker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The loop camera -> server -> screen as the browser sees it, through {@code browser/loop-probe.js}: the fake
 * camera's frames carry {@link FrameMarker} numbers, and the page pairs each processed frame it displays with the
 * camera frame of the same number. Needs a camera file whose frames are stamped.
 */
public final class LoopProbe {

    /**
     * @param loopsMs                     per processed frame shown: its display time less its camera frame's capture
     * @param composedMs                  the same to the moment the page handed the frame to the compositor (the
     *                                    display follows within a refresh or two)
     * @param previewMs                   per camera frame shown in the preview: its display time less its capture
     *                                    (what the browser alone adds to any loop: scheduling and compositing)
     * @param shown                       processed frames the page presented
     * @param unreadable                  processed frames whose number could not be read
     * @param stale                       processed frames whose number the preview last showed a camera loop earlier
     *                                    (it missed this round's frame), so their loop is not known
     * @param cameraFramesWithCaptureTime camera frames for which the browser gave a capture time (for the others the
     *                                    preview's presentation time stood in, which starts the loop a little late)
     * @param browserMs                   the browser's own WebRTC timings over the window, from the page's getStats:
     *                                    {@code encodeMs} per camera frame, {@code sendQueueMs} per packet sent (the
     *                                    pacer); {@code assemblyMs} (first to last packet) per processed frame that
     *                                    came in several packets; {@code jitterBufferMs} (which includes assembly),
     *                                    {@code decodeMs} and {@code packetToDecodedMs} per processed frame,
     *                                    {@code jitterTargetMs} the delay the jitter buffer aimed at; and counts over
     *                                    the window: {@code keyFrames} decoded, {@code packetsLost}, {@code nacks} and
     *                                    {@code plis} sent (null where not reported)
     * @param readMs                      the probe's own time reading the frames' numbers, all frames of both videos
     * @param lumaReads                   frames read from their luma rows (WebCodecs), {@code canvasReads} through
     *                                    a canvas (the whole frame converted to RGB)
     */
    public record Loops(
            List<Double> loopsMs,
            List<Double> composedMs,
            List<Double> previewMs,
            long shown,
            long unreadable,
            long stale,
            long cameraFramesWithCaptureTime,
            Map<String, Double> browserMs,
            double readMs,
            long lumaReads,
            long canvasReads) {

        /** What the probe itself cost the page. */
        public String describeReads() {
            long reads = lumaReads + canvasReads;
            return String.format(
                    "the probe read %d frames (%d from their luma rows, %d through a canvas), %.2f ms a frame",
                    reads, lumaReads, canvasReads, reads == 0 ? Double.NaN : readMs / reads);
        }

        public String describeBrowser() {
            return String.format(
                    "encode %s, send queue %s per packet; frame assembly %s, jitter buffer %s (its target "
                            + "%s), decode %s, first packet to decoded %s; key frames %s, packets lost %s, NACKs %s, "
                            + "PLIs %s",
                    ms(browserMs.get("encodeMs")),
                    ms(browserMs.get("sendQueueMs")),
                    ms(browserMs.get("assemblyMs")),
                    ms(browserMs.get("jitterBufferMs")),
                    ms(browserMs.get("jitterTargetMs")),
                    ms(browserMs.get("decodeMs")),
                    ms(browserMs.get("packetToDecodedMs")),
                    count(browserMs.get("keyFrames")),
                    count(browserMs.get("packetsLost")),
                    count(browserMs.get("nacks")),
                    count(browserMs.get("plis")));
        }

        private static String count(Double value) {
            return value == null ? "n/a" : String.format("%.0f", value);
        }

        private static String ms(Double value) {
            return value == null ? "n/a" : String.format("%.1f ms", value);
        }
    }

    private final JavascriptExecutor page;
    private final String script;

    public LoopProbe(JavascriptExecutor page) {
        this.page = page;
        this.script = PageScripts.read("loop-probe.js");
    }

    /** Starts watching both videos; call once the page is live. */
    public void start() {
        page.executeAsyncScript(script, "start", FrameMarker.BITS);
    }

    /** Stops watching and returns what was seen since {@link #start()} or the last {@link #take()}. */
    public Loops collect() {
        return loops("collect");
    }

    /** Returns what was seen since {@link #start()} or the last take, and watches on. */
    public Loops take() {
        return loops("take");
    }

    @SuppressWarnings("unchecked")
    private Loops loops(String action) {
        Map<String, Object> result = (Map<String, Object>) page.executeAsyncScript(script, action, FrameMarker.BITS);
        Map<String, Double> browser = new LinkedHashMap<>();
        ((Map<String, Object>) result.get("browser"))
                .forEach((name, value) -> browser.put(name, value == null ? null : ((Number) value).doubleValue()));
        return new Loops(
                millis(result.get("loopsMs")),
                millis(result.get("composedMs")),
                millis(result.get("previewMs")),
                ((Number) result.get("shown")).longValue(),
                ((Number) result.get("unread")).longValue(),
                ((Number) result.get("stale")).longValue(),
                ((Number) result.get("cameraFramesWithCaptureTime")).longValue(),
                browser,
                ((Number) result.get("readMs")).doubleValue(),
                ((Number) result.get("lumaReads")).longValue(),
                ((Number) result.get("canvasReads")).longValue());
    }

    @SuppressWarnings("unchecked")
    private static List<Double> millis(Object list) {
        return ((List<Object>) list)
                .stream().map(value -> ((Number) value).doubleValue()).toList();
    }
}
