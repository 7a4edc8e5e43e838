package io.magicshield.it.net;

import io.magicshield.it.Figures;
import io.magicshield.it.browser.LoopProbe;
import io.magicshield.it.browser.PageProbe.Sample;
import java.util.List;
import java.util.Map;

/**
 * The impaired-network tests' trace, second by second: what the page said of the link (its figures, its loop estimate
 * stage by stage with the server's own WebRTC stages from its report) and, where measured, the loop from the camera's
 * numbered frames with the browser's receive timings. With it a standing delay can be put in its stage: after a
 * 300 kbit/s outage the server's jitter buffer for the camera held 175-215 ms (its target 160) for 20 s and more.
 */
final class PageTrace {

    /**
     * One look at the page, with the loop measured from the camera's numbered frames over the second before it (null
     * where not measured).
     */
    record Look(Sample sample, LoopProbe.Loops loops) {}

    private PageTrace() {}

    static String describe(List<Look> looks) {
        StringBuilder out = new StringBuilder();
        for (Look look : looks) {
            Sample s = look.sample();
            Map<String, Object> parts = map(s.link(), "parts");
            out.append(String.format(
                    "%n  shown %.0f fps, loop ~%.0f ms (camera %.0f + network %.0f + server %.0f %s + display %.0f), "
                            + "camera %s (%s), back %s @ %.0f, link %.0f/%.0f kbit/s, loss %.1f%%/%.1f%%, freezes %.0f, "
                            + "NACKs %.0f, PLIs %.0f; notice: %s; picture: %s",
                    number(s.link(), "shownFps"),
                    number(s.link(), "loopMs"),
                    number(parts, "cameraMs"),
                    number(parts, "networkMs"),
                    number(parts, "serverMs"),
                    serverStages(map(parts, "serverStages")),
                    number(parts, "displayMs"),
                    value(s.link(), "cameraSent"),
                    value(s.link(), "cameraLimitation"),
                    value(s.link(), "videoBack"),
                    number(s.link(), "videoBackFps"),
                    number(s.link(), "upKbps"),
                    number(s.link(), "downKbps"),
                    100 * number(s.link(), "lossUp"),
                    100 * number(s.link(), "lossDown"),
                    number(s.link(), "freezes"),
                    number(s.link(), "nacks"),
                    number(s.link(), "plis"),
                    s.network(),
                    value(s.link(), "picture")));
            if (look.loops() != null) {
                LoopProbe.Loops loops = look.loops();
                out.append(String.format(
                        "%n    measured loop p50 %.0f ms (max %.0f, %d frames); in the page: %s",
                        Figures.median(loops.loopsMs()),
                        Figures.max(loops.loopsMs()),
                        loops.loopsMs().size(),
                        loops.describeBrowser()));
            }
        }
        return out.toString();
    }

    /** The server's WebRTC stage by stage, as the page has it from the server's report. */
    private static String serverStages(Map<String, Object> stages) {
        return String.format(
                "[jitter buffer %.0f (target %.0f), decode %.0f, encode %.0f, pacer %.0f]",
                number(stages, "jitterBufferMs"),
                number(stages, "jitterTargetMs"),
                number(stages, "decodeMs"),
                number(stages, "encodeMs"),
                number(stages, "pacerMs"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> figures, String name) {
        return figures != null && figures.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    static String value(Map<String, Object> figures, String name) {
        return figures == null ? null : String.valueOf(figures.get(name));
    }

    static double number(Map<String, Object> figures, String name) {
        return figures != null && figures.get(name) instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
