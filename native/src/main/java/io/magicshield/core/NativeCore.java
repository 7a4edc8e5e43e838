package io.magicshield.core;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

import io.magicshield.assets.ShieldSprites;
import io.magicshield.core.jni.MagicShieldNative;
import io.magicshield.models.HandModel;

/**
 * The process-wide native core: the library (with OpenCV), MediaPipe's four hand models and the shield sprites,
 * loaded once. Loading happens on first use; if it fails, every later call fails with the same message rather
 * than trying again.
 */
public final class NativeCore {
    private static final Object LOCK = new Object();
    private static NativeCore instance;
    private static NativeCoreException failure;

    private NativeCore() {
    }

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

    private static NativeCore load() {
        Loader.load(MagicShieldNative.class);
        for (HandModel model : HandModel.values()) {
            byte[] bytes = model.bytes();
            try (BytePointer data = new BytePointer(bytes)) {
                MagicShieldNative.loadModel(kindOf(model), data, bytes.length);
            }
        }
        byte[] clockwise = ShieldSprites.clockwisePng();
        byte[] counter = ShieldSprites.counterClockwisePng();
        try (BytePointer cw = new BytePointer(clockwise); BytePointer ccw = new BytePointer(counter)) {
            MagicShieldNative.loadSprites(cw, clockwise.length, ccw, counter.length);
        }
        return new NativeCore();
    }

    // The order of magicshield::ModelKind.
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

    public String describe() {
        return MagicShieldNative.describe();
    }
}
