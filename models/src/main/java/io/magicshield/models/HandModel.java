package io.magicshield.models;

/**
 * MediaPipe's hand-tracking TFLite models, shipped as classpath resources next to this class
 * (with PROVENANCE.txt and LICENSE-Apache-2.0.txt). The build verified them against the SHA-256 values
 * pinned in {@code models.sha256}; at run time only their presence is checked.
 */
public enum HandModel implements ModelFile {
    PALM_DETECTION_FULL("palm_detection_full.tflite"),
    PALM_DETECTION_LITE("palm_detection_lite.tflite"),
    HAND_LANDMARK_FULL("hand_landmark_full.tflite"),
    HAND_LANDMARK_LITE("hand_landmark_lite.tflite");

    private final String fileName;

    HandModel(String fileName) {
        this.fileName = fileName;
    }

    @Override
    public String fileName() {
        return fileName;
    }

    @Override
    public String hashFile() {
        return "models.sha256";
    }
}
