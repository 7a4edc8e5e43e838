package io.magicshield.core;

/**
 * How the tests drive a {@link ShieldProcessor}: the options they compare with MediaPipe's reference runs, and
 * stills or frame sequences fed at video timestamps.
 */
final class Sessions {
    private Sessions() {
    }

    /** MediaPipe's reference configuration on un-mirrored photos: max 2 hands, the full models. */
    static final EffectOptions REFERENCE = EffectOptions.defaults().with(
        java.util.Map.of(EffectOption.MIRROR, false, EffectOption.MAX_HANDS, 2, EffectOption.MODEL, "full"));

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

    /** One photo through a processor from {@link #newStillProcessor}. */
    static FrameResult still(ShieldProcessor processor, I420Frame in, I420Frame out) {
        return processor.process(in, out, 0);
    }
}
