package io.magicshield.it.browser;

import io.magicshield.it.Figures;
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
     * @param shown                       processed frames the compositor presented (rVFC's presentedFrames, not the
     *                                    callbacks: see {@link Video})
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
     * @param stages                      frame counts over the window from the page's getStats (see
     *                                    {@link #describeStages()})
     * @param videos                      the camera preview ({@code local}) and the processed video ({@code remote})
     *                                    as the page presented them
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
            long canvasReads,
            Map<String, Double> stages,
            Map<String, Video> videos) {

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

        /**
         * Where the frames went over the window, stage by stage: the camera's frames captured, encoded and sent, the
         * processed video's frames received, decoded and dropped by WebRTC, then per video what the compositor
         * presented, what the page's callbacks saw and which camera frames never showed.
         */
        public String describeStages() {
            return String.format(
                    "camera: %s captured, %s encoded, %s sent; processed video: %s received, %s decoded, %s dropped by "
                            + "WebRTC, %s freezes, %s pauses; preview: %s; processed: %s",
                    count(stages.get("cameraFrames")),
                    count(stages.get("cameraEncoded")),
                    count(stages.get("cameraSent")),
                    count(stages.get("received")),
                    count(stages.get("decoded")),
                    count(stages.get("dropped")),
                    count(stages.get("freezes")),
                    count(stages.get("pauses")),
                    videos.get("local"),
                    videos.get("remote"));
        }

        private static String count(Double value) {
            return value == null ? "n/a" : String.format("%.0f", value);
        }

        private static String ms(Double value) {
            return value == null ? "n/a" : String.format("%.1f ms", value);
        }
    }

    /**
     * One video's frames over the window as the page saw them.
     *
     * @param callbacks      frame callbacks run (requestVideoFrameCallback)
     * @param presented      frames the compositor presented (the callbacks' presentedFrames from first to last; more
     *                       than {@code callbacks} when frames came while no callback ran)
     * @param coalesced      callbacks that stood for more than one presented frame
     * @param read           frames whose number was read
     * @param skipped        camera frames missing between consecutive numbers read (never shown in this video)
     * @param repeats        numbers read twice in a row
     * @param playbackTotal  getVideoPlaybackQuality's totalVideoFrames over the window, {@code playbackDropped} its
     *                       droppedVideoFrames: frames the compositor's renderer dropped before the screen
     * @param rtpGapsMs      the spacing of consecutive presented frames' RTP timestamps (the sender's stamps: the
     *                       server's source stamps a frame when it is pushed), in ms
     * @param receiveGapsMs  the spacing of consecutive presented frames' arrival (receiveTime), in ms
     */
    public record Video(
            long callbacks,
            long presented,
            long coalesced,
            long read,
            long skipped,
            long repeats,
            Long playbackTotal,
            Long playbackDropped,
            List<Double> rtpGapsMs,
            List<Double> receiveGapsMs) {

        static Video of(Map<String, Object> v) {
            return new Video(
                    ((Number) v.get("callbacks")).longValue(),
                    ((Number) v.get("presented")).longValue(),
                    ((Number) v.get("coalesced")).longValue(),
                    ((Number) v.get("read")).longValue(),
                    ((Number) v.get("skipped")).longValue(),
                    ((Number) v.get("repeats")).longValue(),
                    v.get("playbackTotal") == null ? null : ((Number) v.get("playbackTotal")).longValue(),
                    v.get("playbackDropped") == null ? null : ((Number) v.get("playbackDropped")).longValue(),
                    millis(v.get("rtpGapsMs")),
                    millis(v.get("receiveGapsMs")));
        }

        @Override
        public String toString() {
            return String.format(
                    "%d presented, %d callbacks (%d of them for more than one frame), %d numbers read, %d camera frames skipped, %d repeated; "
                            + "playback quality %s total, %s dropped; RTP spacing %s; arrival spacing %s",
                    presented,
                    callbacks,
                    coalesced,
                    read,
                    skipped,
                    repeats,
                    playbackTotal,
                    playbackDropped,
                    spacing(rtpGapsMs),
                    spacing(receiveGapsMs));
        }

        private static String spacing(List<Double> gaps) {
            if (gaps.isEmpty()) {
                return "n/a";
            }
            return String.format(
                    "p10 %.1f / p50 %.1f / p90 %.1f ms, %d under 20 ms, %d over 45 ms of %d",
                    Figures.percentile(gaps, 0.1),
                    Figures.median(gaps),
                    Figures.percentile(gaps, 0.9),
                    gaps.stream().filter(g -> g < 20).count(),
                    gaps.stream().filter(g -> g > 45).count(),
                    gaps.size());
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
                ((Number) result.get("canvasReads")).longValue(),
                numbers((Map<String, Object>) result.get("stages")),
                Map.of(
                        "local",
                        Video.of((Map<String, Object>) ((Map<String, Object>) result.get("videos")).get("local")),
                        "remote",
                        Video.of((Map<String, Object>) ((Map<String, Object>) result.get("videos")).get("remote"))));
    }

    private static Map<String, Double> numbers(Map<String, Object> values) {
        Map<String, Double> out = new LinkedHashMap<>();
        values.forEach((name, value) -> out.put(name, value == null ? null : ((Number) value).doubleValue()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Double> millis(Object list) {
        return ((List<Object>) list)
                .stream().map(value -> ((Number) value).doubleValue()).toList();
    }
}
