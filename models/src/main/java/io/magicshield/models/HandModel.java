package io.magicshield.models;

import java.util.Map;

/**
 * MediaPipe's hand-tracking TFLite models, shipped as classpath resources next to this class
 * (with PROVENANCE.txt and LICENSE-Apache-2.0.txt). The build verified them against the SHA-256 values
 * pinned in {@code models.sha256}; at run time only their presence is checked.
 */
public enum HandModel {
    PALM_DETECTION_FULL("palm_detection_full.tflite"),
    PALM_DETECTION_LITE("palm_detection_lite.tflite"),
    HAND_LANDMARK_FULL("hand_landmark_full.tflite"),
    HAND_LANDMARK_LITE("hand_landmark_lite.tflite");

    private final String fileName;

    HandModel(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    /** The pinned SHA-256 of the model file, lowercase hex. */
    public String sha256() {
        return PinnedHashes.BY_FILE_NAME.get(fileName);
    }

    /** The model file's bytes, read from the classpath. */
    public byte[] bytes() {
        return ModelResources.read(fileName);
    }

    private static final class PinnedHashes {
        static final Map<String, String> BY_FILE_NAME = ModelResources.pinnedHashes("models.sha256");
    }
}
