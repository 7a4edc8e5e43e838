package io.magicshield.core;

import io.magicshield.core.jni.MagicShieldNative;
import java.util.ArrayList;
import java.util.List;

/**
 * One video session's effect: turns each I420 input frame into the output frame with the effect drawn, in one
 * native call on the callers' buffers. Calls are serialised, so a {@link #close()} from another thread waits for
 * a frame in progress instead of freeing memory under it; use one processor per session.
 */
public final class ShieldProcessor implements AutoCloseable {
    private static final HandState[] STATES = HandState.values();

    private final FrameMode mode;
    private final MagicShieldNative.FramePass pass;
    /** Filled by the native pass on every frame; only {@link #details()} reads more than its two counts. */
    private final MagicShieldNative.FrameResult result = new MagicShieldNative.FrameResult();

    private EffectOptions options;
    private double minInferenceIntervalMillis;
    private boolean pipelined;
    private boolean hasResult;
    private boolean closed;

    ShieldProcessor(EffectOptions options, FrameMode mode) {
        this.mode = mode;
        MagicShieldNative.EffectOptions nativeOptions = toNative(options);
        try {
            this.pass = new MagicShieldNative.FramePass(nativeOptions);
        } catch (RuntimeException e) {
            result.close();
            throw new IllegalArgumentException(e.getMessage(), e);
        } finally {
            nativeOptions.close();
        }
        this.options = options;
    }

    /**
     * Processes one frame. {@code out} must be a different buffer, of the input's size or a smaller picture of the
     * same shape (each side within a pixel of rounding, at least 2x2), which the native pass writes directly,
     * scaled; hands stay in input pixels. {@code timestampMicros} should increase (the rings turn and fade with it).
     * Allocates nothing: what a session needs of a frame is the outcome; {@link #details()} has the rest.
     *
     * @throws IllegalArgumentException for planes the core cannot be given: heap buffers, fewer bytes from their
     *                                  positions than the frame needs, a read-only output
     * @throws RuntimeException         from the core, naming what it does not take (a side outside 2..kMaxFrameSide
     *                                  of magicshield.h, a stride smaller than its plane, an output of another
     *                                  shape, a plane shared by input and output), or a failure inside it
     */
    public synchronized FrameOutcome process(I420Frame in, I420Frame out, long timestampMicros) {
        if (closed) {
            throw new IllegalStateException("processor is closed");
        }
        if (out.y().isReadOnly() || out.u().isReadOnly() || out.v().isReadOnly()) {
            throw new IllegalArgumentException("output planes must be writable");
        }
        // Here, not when the frames were made: a buffer's position may have moved since.
        in.checkPlanes();
        out.checkPlanes();
        hasResult = false;
        pass.process(
                in.y(),
                in.strideY(),
                in.u(),
                in.strideU(),
                in.v(),
                in.strideV(),
                in.width(),
                in.height(),
                out.y(),
                out.strideY(),
                out.u(),
                out.strideU(),
                out.v(),
                out.strideV(),
                out.width(),
                out.height(),
                timestampMicros,
                result);
        hasResult = true;
        return FrameOutcome.of(result.hand_count(), result.shields_drawn());
    }

    /**
     * The last frame's hands, with their landmarks, and its stage timings: for tests, tools and benchmarks, as it
     * builds them anew on every call.
     *
     * @throws IllegalStateException before a frame was processed, after a frame failed, or once closed
     */
    public synchronized FrameDetails details() {
        if (closed) {
            throw new IllegalStateException("processor is closed");
        }
        if (!hasResult) {
            throw new IllegalStateException("no frame was processed (or the last one failed)");
        }
        int count = result.hand_count();
        List<HandInfo> hands = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            MagicShieldNative.HandResult h = result.hands(i);
            float[] landmarks = new float[63];
            h.landmarks().get(landmarks);
            hands.add(new HandInfo(
                    h.id(),
                    h.right_handed() != 0 ? "Right" : "Left",
                    h.handedness_score(),
                    h.presence(),
                    landmarks,
                    h.open_ratio(),
                    h.open_score(),
                    STATES[h.state()],
                    h.shield_x(),
                    h.shield_y(),
                    h.shield_diameter(),
                    h.shield_opacity(),
                    h.rotation_degrees(),
                    h.from_palm_detection() != 0));
        }
        MagicShieldNative.StageTimings t = result.timings();
        StageTimings timings = new StageTimings(
                t.copy_ms(),
                t.palm_ms(),
                t.landmark_ms(),
                t.smoothing_ms(),
                t.render_ms(),
                t.total_ms(),
                t.palm_detection_ran() != 0,
                t.landmark_calls(),
                t.inference_skipped() != 0);
        return new FrameDetails(List.copyOf(hands), result.shields_drawn(), timings);
    }

    public synchronized void setOptions(EffectOptions newOptions) {
        if (closed) {
            throw new IllegalStateException("processor is closed");
        }
        try (MagicShieldNative.EffectOptions nativeOptions = toNative(newOptions)) {
            pass.set_options(nativeOptions);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        options = newOptions;
    }

    /**
     * The picture the {@code image} background shows from the next frame on (copied; until one is set, {@code image}
     * shows the frame as it is).
     *
     * @throws IllegalArgumentException when the core refuses it (under 16 or over 8192 pixels a side)
     */
    public synchronized void setBackgroundPicture(BackgroundPicture picture) {
        if (closed) {
            throw new IllegalStateException("processor is closed");
        }
        try {
            pass.set_background_image(picture.bgr(), picture.width(), picture.height(), 3 * picture.width());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Degrades gracefully under load: the models run at most once per {@code millis} (0: every frame); frames in
     * between keep the last hands, so the video and the rings keep their frame rate while tracking slows down.
     */
    public synchronized void setMinInferenceInterval(double millis) {
        if (!(millis >= 0 && millis <= 1000)) {
            throw new IllegalArgumentException("inference interval must be 0..1000 ms, not " + millis);
        }
        if (closed) {
            throw new IllegalStateException("processor is closed");
        }
        minInferenceIntervalMillis = millis;
        applyEngineOptions();
    }

    /**
     * Takes the models off the frame's critical path (CPU backend): each frame is drawn with the hands found in the
     * frame before while the models look at this one on a native thread of the processor's own, so {@link #process}
     * returns without waiting for them. The hands, and the results, then trail the video by one frame.
     */
    public synchronized void setPipelined(boolean value) {
        if (closed) {
            throw new IllegalStateException("processor is closed");
        }
        pipelined = value;
        applyEngineOptions();
    }

    private void applyEngineOptions() {
        try (MagicShieldNative.EffectOptions nativeOptions = toNative(options)) {
            pass.set_options(nativeOptions);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            pass.close();
            result.close();
        }
    }

    private MagicShieldNative.EffectOptions toNative(EffectOptions o) {
        MagicShieldNative.EffectOptions options = new MagicShieldNative.EffectOptions();
        o.values().forEach((option, value) -> option.writeTo(options, value));
        options.min_inference_interval_ms((float) minInferenceIntervalMillis).pipelined(pipelined);
        if (mode == FrameMode.STILL_IMAGES) {
            // No time passes between stills: nothing to track, smooth or fade.
            options.tracking(false).smoothing(false).fade_ms(0f);
        }
        return options;
    }
}
