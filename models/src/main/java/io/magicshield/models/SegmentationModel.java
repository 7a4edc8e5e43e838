package io.magicshield.models;

import java.util.Map;

/**
 * MediaPipe's selfie (person) segmentation TFLite models, shipped as classpath resources next to this class (with
 * PROVENANCE-selfie_segmentation.txt and LICENSE-Apache-2.0.txt). The build verified them against the SHA-256 values
 * pinned in {@code segmentation_models.sha256}; at run time only their presence is checked.
 */
public enum SegmentationModel {
    /** Input 256x256: MediaPipe's model_selection 0. */
    GENERAL("selfie_segmentation.tflite"),
    /** Input 144x256 (height x width): MediaPipe's model_selection 1. */
    LANDSCAPE("selfie_segmentation_landscape.tflite");

    private final String fileName;

    SegmentationModel(String fileName) {
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
        static final Map<String, String> BY_FILE_NAME = ModelResources.pinnedHashes("segmentation_models.sha256");
    }
}
