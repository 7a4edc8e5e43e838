package io.magicshield.core.jni;

import java.nio.ByteBuffer;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByRef;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.MemberGetter;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.NoOffset;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.annotation.StdString;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.global.opencv_imgcodecs;

/**
 * The JavaCPP mapping of {@code magicshield/magicshield.h}. JavaCPP generates the JNI code from these
 * declarations at build time. OpenCV's libraries come from the org.bytedeco:opencv jar: loading its Java
 * classes first puts them in the process, where our library finds them by name. Use {@link io.magicshield.core}
 * rather than this class directly.
 */
@Properties(value = @Platform(
    include = "magicshield/magicshield.h",
    // JavaCPP links these in reverse order: the static core must come before the libraries it uses.
    link = {"opencv_core", "opencv_imgproc", "opencv_imgcodecs", "opencv_dnn", "magicshield_core"},
    library = "jniMagicShield"))
@Namespace("magicshield")
public final class MagicShieldNative {
    static {
        Loader.load(opencv_dnn.class);
        Loader.load(opencv_imgcodecs.class);
        Loader.load();
    }

    private MagicShieldNative() {
    }

    /** Mirrors {@code magicshield::EffectOptions}. */
    @NoOffset
    public static class EffectOptions extends Pointer {
        static {
            Loader.load();
        }

        public EffectOptions() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        public native @Cast("bool") boolean mirror();
        public native EffectOptions mirror(boolean value);
        public native int max_hands();
        public native EffectOptions max_hands(int value);
        public native int model();
        public native EffectOptions model(int value);
        public native @Cast("bool") boolean tracking();
        public native EffectOptions tracking(boolean value);
        public native float min_detection_score();
        public native EffectOptions min_detection_score(float value);
        public native float min_presence_score();
        public native EffectOptions min_presence_score(float value);
        public native float redetect_interval_ms();
        public native EffectOptions redetect_interval_ms(float value);
        public native float min_inference_interval_ms();
        public native EffectOptions min_inference_interval_ms(float value);
        public native @Cast("bool") boolean pipelined();
        public native EffectOptions pipelined(boolean value);
        public native float open_threshold();
        public native EffectOptions open_threshold(float value);
        public native float hysteresis();
        public native EffectOptions hysteresis(float value);
        public native float lines_min_ratio();
        public native EffectOptions lines_min_ratio(float value);
        public native float shield_scale();
        public native EffectOptions shield_scale(float value);
        public native float degrees_per_second();
        public native EffectOptions degrees_per_second(float value);
        public native float fade_ms();
        public native EffectOptions fade_ms(float value);
        public native @Cast("bool") boolean hand_lines();
        public native EffectOptions hand_lines(boolean value);
        public native @Cast("bool") boolean landmark_debug();
        public native EffectOptions landmark_debug(boolean value);
        public native @Cast("bool") boolean smoothing();
        public native EffectOptions smoothing(boolean value);
        public native int background();
        public native EffectOptions background(int value);
    }

    /** Mirrors {@code magicshield::HandResult}. */
    @NoOffset
    public static class HandResult extends Pointer {
        static {
            Loader.load();
        }

        public HandResult(Pointer p) {
            super(p);
        }

        @MemberGetter public native int id();
        @MemberGetter public native int right_handed();
        @MemberGetter public native float handedness_score();
        @MemberGetter public native float presence();
        @MemberGetter public native FloatPointer landmarks();
        @MemberGetter public native float open_ratio();
        @MemberGetter public native float open_score();
        @MemberGetter public native int state();
        @MemberGetter public native float shield_x();
        @MemberGetter public native float shield_y();
        @MemberGetter public native float shield_diameter();
        @MemberGetter public native float shield_opacity();
        @MemberGetter public native float rotation_degrees();
        @MemberGetter public native int from_palm_detection();
    }

    /** Mirrors {@code magicshield::StageTimings}. */
    @NoOffset
    public static class StageTimings extends Pointer {
        static {
            Loader.load();
        }

        public StageTimings(Pointer p) {
            super(p);
        }

        @MemberGetter public native double copy_ms();
        @MemberGetter public native double palm_ms();
        @MemberGetter public native double landmark_ms();
        @MemberGetter public native double smoothing_ms();
        @MemberGetter public native double render_ms();
        @MemberGetter public native double total_ms();
        @MemberGetter public native int palm_detection_ran();
        @MemberGetter public native int landmark_calls();
        @MemberGetter public native int inference_skipped();
    }

    /** Mirrors {@code magicshield::FrameResult}; one is reused for every frame of a session. */
    @NoOffset
    public static class FrameResult extends Pointer {
        static {
            Loader.load();
        }

        public FrameResult() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        @MemberGetter public native int hand_count();
        @MemberGetter public native @ByRef HandResult hands(int i);
        @MemberGetter public native int shields_drawn();
        @MemberGetter public native @ByRef StageTimings timings();
    }

    /** Mirrors {@code magicshield::FramePass}: one per video session, used by one thread at a time. */
    @NoOffset
    public static class FramePass extends Pointer {
        static {
            Loader.load();
        }

        public FramePass(@Const @ByRef EffectOptions options) {
            super((Pointer) null);
            allocate(options);
        }

        private native void allocate(@Const @ByRef EffectOptions options);

        public native void set_options(@Const @ByRef EffectOptions options);

        public native void set_background_image(
            @Cast("const std::uint8_t*") byte[] bgr, int width, int height, int stride);

        /** The planes are passed as the addresses of direct buffers (at their positions): nothing is copied. */
        public native void process(
            @Cast("const std::uint8_t*") ByteBuffer inY, int inStrideY,
            @Cast("const std::uint8_t*") ByteBuffer inU, int inStrideU,
            @Cast("const std::uint8_t*") ByteBuffer inV, int inStrideV,
            int width, int height,
            @Cast("std::uint8_t*") ByteBuffer outY, int outStrideY,
            @Cast("std::uint8_t*") ByteBuffer outU, int outStrideU,
            @Cast("std::uint8_t*") ByteBuffer outV, int outStrideV,
            int outWidth, int outHeight,
            @Cast("std::int64_t") long timestampMicros, FrameResult result);
    }

    /** {@code magicshield::Engine}: the process-wide models and sprites. */
    @Name("Engine::load_model")
    public static native void loadModel(@Cast("magicshield::ModelKind") int kind,
                                        @Cast("const std::uint8_t*") BytePointer data, @Cast("std::size_t") long size);

    @Name("Engine::load_sprites")
    public static native void loadSprites(@Cast("const std::uint8_t*") BytePointer clockwisePng,
                                          @Cast("std::size_t") long clockwiseSize,
                                          @Cast("const std::uint8_t*") BytePointer counterPng,
                                          @Cast("std::size_t") long counterSize);

    @Name("Engine::load_background_scene")
    public static native void loadBackgroundScene(@Cast("const std::uint8_t*") BytePointer image,
                                                  @Cast("std::size_t") long size);

    @Name("Engine::has_model")
    public static native @Cast("bool") boolean hasModel(@Cast("magicshield::ModelKind") int kind);

    @Name("Engine::has_sprites")
    public static native @Cast("bool") boolean hasSprites();

    @Name("Engine::set_inference_threads")
    public static native void setInferenceThreads(int threads);

    @Name("Engine::set_max_networks_per_model")
    public static native void setMaxNetworksPerModel(int count);

    /** "auto", "cpu" or "cuda", before models are loaded (see {@code magicshield.h}). */
    @Name("Engine::set_backend")
    public static native void setBackend(@StdString String name);

    /** "cpu" or "cuda". */
    @Name("Engine::backend")
    public static native @StdString String backend();

    /** "tflite" (from the TFLite library at that path, on that many threads per network) or "opencv". */
    @Name("Engine::set_inference_engine")
    public static native void setInferenceEngine(@StdString String name, @StdString String tfliteLibrary, int threads);

    /** "tflite" or "opencv". */
    @Name("Engine::inference_engine")
    public static native @StdString String inferenceEngine();

    @Name("Engine::describe")
    public static native @StdString String describe();
}
