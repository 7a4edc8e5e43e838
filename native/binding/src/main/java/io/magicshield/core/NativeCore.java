package io.magicshield.core;

import io.magicshield.assets.BackgroundScenes;
import io.magicshield.assets.ShieldSprites;
import io.magicshield.core.jni.MagicShieldNative;
import io.magicshield.models.HandModel;
import io.magicshield.models.SegmentationModel;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

/**
 * The process-wide native core: the library (with OpenCV), MediaPipe's four hand models and the shield sprites,
 * loaded once. Loading happens on first use; if it fails, every later call fails with the same message rather
 * than trying again.
 *
 * <p>The compute backend is chosen when the core loads: {@link #useBackend(String)} if it was called, else the
 * system property {@value #BACKEND_PROPERTY}, else {@code auto}. The models run on {@link InferenceEngine#DEFAULT}
 * until {@link #useInferenceEngine} says otherwise.
 */
public final class NativeCore {
    /** The system property choosing the compute backend: {@code auto} (the default), {@code cpu} or {@code cuda}. */
    public static final String BACKEND_PROPERTY = "magicshield.native.backend";

    private static final List<String> BACKENDS = List.of("auto", "cpu", "cuda");

    /**
     * Threads per TFLite interpreter. Sessions infer side by side (at most networks-per-model of a model at once), so
     * one thread each fills the cores; XNNPACK's pool of 2 spins while it waits for the second core, and on the loaded
     * 2-core machine a tracked frame then took 2.95-25.4 ms p50 (p90 up to 230 ms) from round to round, against
     * 4.9 ms in every round on one thread (docs/performance.md).
     */
    private static final int TFLITE_THREADS = 1;

    private static final System.Logger LOG = System.getLogger(NativeCore.class.getName());

    private static final Object LOCK = new Object();
    private static NativeCore instance;
    private static NativeCoreException failure;
    private static String chosenBackend; // by useBackend; null: the system property's
    private static String loadedBackend; // what the core was loaded with
    private static String tfliteProblem; // why TFLite could not be loaded, once it could not: it is not tried again

    private NativeCore() {}

    /** The loaded core. Throws {@link NativeCoreException} saying what could not be loaded. */
    public static NativeCore instance() {
        synchronized (LOCK) {
            if (instance != null) {
                return instance;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                instance = load();
                return instance;
            } catch (Throwable e) {
                failure = new NativeCoreException("the native core cannot be loaded: " + e, e);
                throw failure;
            }
        }
    }

    /**
     * Chooses the compute backend before the core loads: {@code auto} (CUDA where the native library was built with it
     * and a usable GPU and driver are present, else the CPU, saying why once on stderr), {@code cpu}, or {@code cuda}
     * (loading then fails, saying why, where CUDA cannot be used). Takes precedence over {@value #BACKEND_PROPERTY}.
     *
     * @throws IllegalArgumentException for another name
     * @throws IllegalStateException once the core is loaded, or failed to load, with another choice
     */
    public static void useBackend(String backend) {
        String name = checkedBackend(backend, "backend");
        synchronized (LOCK) {
            if (loadedBackend != null) {
                if (!loadedBackend.equals(name)) {
                    throw new IllegalStateException("the native core is loaded with backend " + loadedBackend
                            + " already; choose the backend before its first use");
                }
                return;
            }
            chosenBackend = name;
        }
    }

    private static String checkedBackend(String backend, String what) {
        if (backend == null || !BACKENDS.contains(backend.trim())) {
            throw new IllegalArgumentException(what + " must be auto, cpu or cuda (got '" + backend + "')");
        }
        return backend.trim();
    }

    private static NativeCore load() {
        loadedBackend = chosenBackend != null
                ? chosenBackend
                : checkedBackend(System.getProperty(BACKEND_PROPERTY, "auto"), BACKEND_PROPERTY);
        Loader.load(MagicShieldNative.class);
        MagicShieldNative.setBackend(loadedBackend);
        for (HandModel model : HandModel.values()) {
            loadModel(kindOf(model), model.bytes());
        }
        for (SegmentationModel model : SegmentationModel.values()) {
            loadModel(kindOf(model), model.bytes());
        }
        byte[] scene = BackgroundScenes.sanctumPng();
        try (BytePointer data = new BytePointer(scene)) {
            MagicShieldNative.loadBackgroundScene(data, scene.length);
        }
        byte[] clockwise = ShieldSprites.clockwisePng();
        byte[] counter = ShieldSprites.counterClockwisePng();
        try (BytePointer cw = new BytePointer(clockwise);
                BytePointer ccw = new BytePointer(counter)) {
            MagicShieldNative.loadSprites(cw, clockwise.length, ccw, counter.length);
        }
        NativeCore core = new NativeCore();
        core.useInferenceEngine(InferenceEngine.DEFAULT);
        return core;
    }

    private static void loadModel(int kind, byte[] bytes) {
        try (BytePointer data = new BytePointer(bytes)) {
            MagicShieldNative.loadModel(kind, data, bytes.length);
        }
    }

    // The order of magicshield::ModelKind.
    private static int kindOf(SegmentationModel model) {
        return switch (model) {
            case GENERAL -> 4;
            case LANDSCAPE -> 5;
        };
    }

    private static int kindOf(HandModel model) {
        return switch (model) {
            case PALM_DETECTION_FULL -> 0;
            case PALM_DETECTION_LITE -> 1;
            case HAND_LANDMARK_FULL -> 2;
            case HAND_LANDMARK_LITE -> 3;
        };
    }

    /** A processor for a video stream: hands are tracked from frame to frame. */
    public ShieldProcessor newProcessor(EffectOptions options) {
        return newProcessor(options, FrameMode.VIDEO);
    }

    public ShieldProcessor newProcessor(EffectOptions options, FrameMode mode) {
        return new ShieldProcessor(options, mode);
    }

    /** OpenCV threads per inference (process-wide); 0 restores OpenCV's default. */
    public void setInferenceThreads(int threads) {
        MagicShieldNative.setInferenceThreads(threads);
    }

    /** At most this many inferences of one model run at once; more wait for a network. */
    public void setMaxNetworksPerModel(int count) {
        MagicShieldNative.setMaxNetworksPerModel(count);
    }

    /**
     * Runs the models of the processors made from now on on {@code engine}; those made before keep theirs. TFLite's
     * library is org.bytedeco:tensorflow-lite's, extracted from its jar by JavaCPP's {@link Loader}. When it cannot be
     * loaded the models run on OpenCV: one warning says why, and later calls do not try again. On the {@code cuda}
     * backend the models stay on OpenCV DNN, whose CUDA backend runs them on the GPU (TFLite would take them to the
     * CPU).
     *
     * @return the engine the next processors run on: {@code engine}, or {@link InferenceEngine#OPENCV} without TFLite
     *     or on the GPU
     */
    public InferenceEngine useInferenceEngine(InferenceEngine engine) {
        synchronized (LOCK) {
            if (engine == InferenceEngine.TFLITE && tfliteProblem == null && !"cuda".equals(backend())) {
                try {
                    String library = Loader.load(tensorflowlite.class);
                    MagicShieldNative.setInferenceEngine(engine.configName(), library, TFLITE_THREADS);
                    return inferenceEngine();
                } catch (LinkageError | RuntimeException e) {
                    tfliteProblem = e.toString();
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "TFLite cannot be loaded, so the models run on OpenCV DNN, about twice as slow: "
                                    + tfliteProblem);
                }
            }
            MagicShieldNative.setInferenceEngine(InferenceEngine.OPENCV.configName(), "", TFLITE_THREADS);
            return inferenceEngine();
        }
    }

    /** The engine the next processors run their models on. */
    public InferenceEngine inferenceEngine() {
        return InferenceEngine.fromConfigName(MagicShieldNative.inferenceEngine());
    }

    /** The compute backend in use: {@code cpu} or {@code cuda}. */
    public String backend() {
        return MagicShieldNative.backend();
    }

    public String describe() {
        return MagicShieldNative.describe();
    }
}
