package io.magicshield.core;

/**
 * How the tests drive a {@link ShieldProcessor}: the options they compare with MediaPipe's reference runs, and
 * stills or frame sequences fed at video timestamps.
 */
final class Sessions {
    private Sessions() {
    }

    /** MediaPipe's reference configuration on un-mirrored photos: max 2 hands, the full models. */
    static final EffectOptions REFERENCE = EffectOptions.defaults().withMirror(false).withMaxHands(2).withModel("full");

    static ShieldProcessor newProcessor(EffectOptions options) {
        return NativeCore.instance().newProcessor(options);
    }

    /** Timestamp of frame {@code index} of a stream at {@code fps}. */
    static long timestampMicros(int index, int fps) {
        return index * 1_000_000L / fps;
    }

    /**
     * One photo on its own, as MediaPipe's static image mode does it: the processor forgets everything first
     * (the Java options have no tracking switch; a reset processor's first frame runs palm detection and reports
     * raw landmarks, which is the same).
     */
    static FrameResult still(ShieldProcessor processor, I420Frame in, I420Frame out) {
        processor.reset();
        return processor.process(in, out, 0);
    }

    /**
     * A photo held in front of the camera for {@code frames} frames at 30 fps, from a reset processor: the
     * shield fades in over its first frames (there is no time to fade in on a single frame), so effect checks
     * look at the last frame's result. {@code out} holds that frame.
     */
    static FrameResult heldStill(ShieldProcessor processor, I420Frame in, I420Frame out, int frames) {
        processor.reset();
        FrameResult last = null;
        for (int i = 0; i < frames; i++) {
            last = processor.process(in, out, timestampMicros(i, 30));
        }
        return last;
    }
}
