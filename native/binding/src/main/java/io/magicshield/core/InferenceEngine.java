package io.magicshield.core;

import java.util.Arrays;
import java.util.Locale;

/** What runs MediaPipe's models (hands and person segmentation) in the native core. */
public enum InferenceEngine {
    /**
     * TFLite's XNNPACK delegate, the engine MediaPipe's own native build uses, from org.bytedeco:tensorflow-lite's
     * library: a tracked frame in 4.6 ms against 9.4 ms on one thread (docs/performance.md). The default.
     */
    TFLITE,
    /** OpenCV DNN with our own layers: what runs where TFLite cannot be loaded. */
    OPENCV;

    public static final InferenceEngine DEFAULT = TFLITE;

    /** Its name in configuration and in the native core: {@code tflite} or {@code opencv}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the choices, for another name */
    public static InferenceEngine fromConfigName(String name) {
        return Arrays.stream(values())
                .filter(e -> e.configName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "the inference engine must be tflite or opencv (got '" + name + "')"));
    }
}
