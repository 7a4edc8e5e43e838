package io.magicshield.models;

/**
 * MediaPipe's selfie (person) segmentation TFLite models, shipped as classpath resources next to this class (with
 * PROVENANCE-selfie_segmentation.txt and LICENSE-Apache-2.0.txt). The build verified them against the SHA-256 values
 * pinned in {@code segmentation_models.sha256}; at run time only their presence is checked.
 */
public enum SegmentationModel implements ModelFile {
    /** Input 256x256: MediaPipe's model_selection 0. */
    GENERAL("selfie_segmentation.tflite"),
    /** Input 144x256 (height x width): MediaPipe's model_selection 1. */
    LANDSCAPE("selfie_segmentation_landscape.tflite");

    private final String fileName;

    SegmentationModel(String fileName) {
        this.fileName = fileName;
    }

    @Override
    public String fileName() {
        return fileName;
    }

    @Override
    public String hashFile() {
        return "segmentation_models.sha256";
    }
}
