package io.magicshield.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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
        return readResource(fileName);
    }

    private static byte[] readResource(String name) {
        String path = "/" + HandModel.class.getPackageName().replace('.', '/') + "/" + name;
        try (InputStream in = HandModel.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(
                        "classpath resource " + path + " is missing: was magicshield-models built with its models?");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + path, e);
        }
    }

    /** Lines of {@code <sha256>  <file name>}, the same file the build verifies the models against. */
    private static final class PinnedHashes {
        static final Map<String, String> BY_FILE_NAME =
                parse(new String(readResource("models.sha256"), StandardCharsets.UTF_8));

        private static Map<String, String> parse(String table) {
            Map<String, String> hashes = new HashMap<>();
            for (String line : table.split("\n")) {
                if (!line.isBlank()) {
                    String[] parts = line.split(" {2}", 2);
                    hashes.put(parts[1], parts[0]);
                }
            }
            return hashes;
        }
    }
}
