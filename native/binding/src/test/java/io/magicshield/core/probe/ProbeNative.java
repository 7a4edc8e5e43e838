package io.magicshield.core.probe;

import io.magicshield.core.jni.MagicShieldNative;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.NoOffset;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.annotation.StdString;

/**
 * Test-only JavaCPP mapping of {@code native/tests/jni/probes.h}: what the tests look at inside the core, kept out
 * of the production header, mapping and jar. Its library ({@code jniMagicShieldProbes}, built into
 * target/test-classes by the test-scope JavaCPP run) holds the probes alone and links against the production JNI
 * library, so the probes work on the models and code the production library loaded.
 */
@Properties(
        value =
                @Platform(
                        include = "probes.h",
                        // Linked in reverse order: the probes before the production library and OpenCV, which they use.
                        link = {"opencv_core", "opencv_imgproc", "opencv_dnn", "jniMagicShield", "magicshield_probes"},
                        library = "jniMagicShieldProbes"))
@Namespace("magicshield")
public final class ProbeNative {
    static {
        Loader.load(MagicShieldNative.class); // first: the probes' library links against it
        Loader.load();
    }

    private ProbeNative() {}

    /**
     * The address a plane parameter arrives at in C++, mapped exactly as the frame pass's plane parameters are
     * ({@code @Cast("const std::uint8_t*") ByteBuffer}): the buffer's own memory at its position, or a copy.
     */
    @Name("testing::plane_address")
    public static native @Cast("std::uintptr_t") long planeAddress(@Cast("const std::uint8_t*") ByteBuffer plane);

    /** Mirrors {@code magicshield::LandmarkProbe}: the landmark model alone, for checks against TFLite. */
    @NoOffset
    public static class LandmarkProbe extends Pointer {
        static {
            Loader.load();
        }

        public LandmarkProbe(int complexity) {
            super((Pointer) null);
            allocate(complexity);
        }

        private native void allocate(int complexity);

        public native int detect(
                @Cast("const std::uint8_t*") ByteBuffer y,
                int strideY,
                @Cast("const std::uint8_t*") ByteBuffer u,
                int strideU,
                @Cast("const std::uint8_t*") ByteBuffer v,
                int strideV,
                int width,
                int height);

        public native void crop(int index, FloatPointer nchw);

        public native void infer(@Const FloatPointer nchw, FloatPointer out);
    }

    /** Mirrors {@code magicshield::SegmentationProbe}: a selfie segmentation model alone, for checks against TFLite. */
    @NoOffset
    public static class SegmentationProbe extends Pointer {
        static {
            Loader.load();
        }

        /** @param kind magicshield::ModelKind: 4 general, 5 landscape */
        public SegmentationProbe(int kind) {
            super((Pointer) null);
            allocate(kind);
        }

        private native void allocate(int kind);

        public native int input_width();

        public native int input_height();

        public native void input(
                @Cast("const std::uint8_t*") ByteBuffer y,
                int strideY,
                @Cast("const std::uint8_t*") ByteBuffer u,
                int strideU,
                @Cast("const std::uint8_t*") ByteBuffer v,
                int strideV,
                int width,
                int height,
                FloatPointer nchw);

        public native void infer(@Const FloatPointer nchw, FloatPointer out);
    }

    /** Mirrors {@code magicshield::NetworkProbe}: one model's network alone, on a prepared tensor, for timing. */
    @NoOffset
    public static class NetworkProbe extends Pointer {
        static {
            Loader.load();
        }

        /** `model` is a ModelKind value: 0 palm full, 1 palm lite, 2 landmark full, 3 landmark lite. */
        public NetworkProbe(int model) {
            super((Pointer) null);
            allocate(model);
        }

        private native void allocate(int model);

        /** The same network on TFLite with XNNPACK through our TfliteNetwork (the CLI's --tflite-library engine). */
        public NetworkProbe(int model, String tfliteLibrary, int threads) {
            super((Pointer) null);
            allocate(model, tfliteLibrary, threads);
        }

        private native void allocate(int model, @StdString String tfliteLibrary, int threads);

        @Name("input_size")
        public native int inputSize();

        @Name("output_count")
        public native int outputCount();

        public native void letterbox(
                @Cast("const std::uint8_t*") ByteBuffer y,
                int strideY,
                @Cast("const std::uint8_t*") ByteBuffer u,
                int strideU,
                @Cast("const std::uint8_t*") ByteBuffer v,
                int strideV,
                int width,
                int height,
                FloatPointer nchw);

        public native void run(@Const FloatPointer nchw, FloatPointer out);

        /** TFLite probes: the tensor into the interpreter's input, interleaved as the frame pass writes it. */
        public native void load(@Const FloatPointer nchw);

        /** TFLite probes: what the frame pass does per inference beyond writing the input (Invoke, output checks). */
        public native void invoke();

        /** TFLite probes: the last invoke's outputs, as run() writes them. */
        public native void outputs(FloatPointer out);
    }
}
