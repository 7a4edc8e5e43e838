package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How the tests drive a {@link ShieldProcessor}: the options they compare with MediaPipe's reference runs, and
 * stills or frame sequences fed at video timestamps.
 */
final class Sessions {
    private Sessions() {}

    /** MediaPipe's reference configuration on un-mirrored photos: max 2 hands, the full models. */
    static final EffectOptions REFERENCE = EffectOptions.defaults()
            .with(java.util.Map.of(EffectOption.MIRROR, false, EffectOption.MAX_HANDS, 2, EffectOption.MODEL, "full"));

    static ShieldProcessor newProcessor(EffectOptions options) {
        return NativeCore.instance().newProcessor(options);
    }

    /** A processor for unrelated photos (MediaPipe's static image mode): each image searched and drawn alone. */
    static ShieldProcessor newStillProcessor(EffectOptions options) {
        return NativeCore.instance().newProcessor(options, FrameMode.STILL_IMAGES);
    }

    /** Timestamp of frame {@code index} of a stream at {@code fps}. */
    static long timestampMicros(int index, int fps) {
        return index * 1_000_000L / fps;
    }

    /** One photo through a processor from {@link #newStillProcessor}, and all it found. */
    static FrameDetails still(ShieldProcessor processor, I420Frame in, I420Frame out) {
        return frame(processor, in, out, 0);
    }

    /**
     * One frame through a processor, and all it found (the hands with their landmarks, the timings); the outcome a
     * session reads must tell the same counts.
     */
    static FrameDetails frame(ShieldProcessor processor, I420Frame in, I420Frame out, long timestampMicros) {
        FrameOutcome outcome = processor.process(in, out, timestampMicros);
        FrameDetails details = processor.details();
        assertEquals(new FrameOutcome(details.hands().size(), details.shieldsDrawn()), outcome, "the frame's outcome");
        return details;
    }
}
