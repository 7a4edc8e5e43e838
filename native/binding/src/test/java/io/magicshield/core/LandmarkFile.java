package io.magicshield.core;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A landmarks JSON file in the schema of MediaPipe's reference files (mediapipe_reference/*.json), which is also
 * what the CLI's {@code landmarks} command writes:
 * {@code {images: [{file, width, height, ms, hands: [{handedness, score, landmarks: [[x, y, z] x 21]}]}]}},
 * x and y normalised to the image. Reading checks the schema, so the CLI test uses it to validate its output.
 * {@code mode} is config.mode ("image" or "video") where the file says it.
 */
record LandmarkFile(String mode, List<Image> images) {

    record Image(String file, int width, int height, double ms, List<Hand> hands) {}

    /** {@code landmarks} holds 21 x (x, y, z), x and y normalised to the image. */
    record Hand(String handedness, double score, float[] landmarks) {

        /** Landmark {@code i} in image pixels. */
        double[] pixel(int i, int width, int height) {
            return new double[] {landmarks[3 * i] * width, landmarks[3 * i + 1] * height};
        }
    }

    static LandmarkFile read(Path json) {
        try (InputStream in = Files.newInputStream(json);
                JsonReader reader = Json.createReader(in)) {
            return parse(reader.readObject());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
    }

    /** One of MediaPipe's reference files, e.g. "shared_full.json". */
    static LandmarkFile reference(String name) {
        return read(TestData.handsDir().resolve("mediapipe_reference").resolve(name));
    }

    /** The images by file name, in file order. */
    Map<String, Image> byFile() {
        Map<String, Image> map = new LinkedHashMap<>();
        images.forEach(image -> map.put(image.file(), image));
        return map;
    }

    private static LandmarkFile parse(JsonObject root) {
        List<Image> images = new ArrayList<>();
        for (JsonObject image : root.getJsonArray("images").getValuesAs(JsonObject.class)) {
            List<Hand> hands = new ArrayList<>();
            for (JsonObject hand : image.getJsonArray("hands").getValuesAs(JsonObject.class)) {
                String handedness = hand.getString("handedness");
                if (!handedness.equals("Left") && !handedness.equals("Right")) {
                    throw new IllegalArgumentException(image.getString("file") + ": handedness " + handedness);
                }
                JsonArray points = hand.getJsonArray("landmarks");
                if (points.size() != 21) {
                    throw new IllegalArgumentException(image.getString("file") + ": " + points.size() + " landmarks");
                }
                float[] landmarks = new float[63];
                for (int i = 0; i < 21; i++) {
                    JsonArray p = points.getJsonArray(i);
                    if (p.size() != 3) {
                        throw new IllegalArgumentException(
                                image.getString("file") + ": landmark " + i + " has " + p.size() + " values");
                    }
                    for (int k = 0; k < 3; k++) {
                        landmarks[3 * i + k] = (float) p.getJsonNumber(k).doubleValue();
                    }
                }
                hands.add(new Hand(handedness, hand.getJsonNumber("score").doubleValue(), landmarks));
            }
            images.add(new Image(
                    image.getString("file"),
                    image.getInt("width"),
                    image.getInt("height"),
                    image.getJsonNumber("ms").doubleValue(),
                    List.copyOf(hands)));
        }
        JsonObject config = root.getJsonObject("config");
        String mode = config == null ? null : config.getString("mode", null);
        return new LandmarkFile(mode, List.copyOf(images));
    }
}
