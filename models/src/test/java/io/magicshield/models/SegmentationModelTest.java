package io.magicshield.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SegmentationModelTest {

    @ParameterizedTest
    @EnumSource(SegmentationModel.class)
    void shippedModelMatchesItsPinnedHash(SegmentationModel model) throws Exception {
        byte[] bytes = model.bytes();
        String actual =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(model.sha256(), actual, model.fileName());
    }

    @ParameterizedTest
    @EnumSource(SegmentationModel.class)
    void shippedModelIsATfliteFlatbuffer(SegmentationModel model) {
        byte[] bytes = model.bytes();
        // A TFLite flatbuffer carries the file identifier "TFL3" right after the 4-byte root offset.
        assertArrayEquals(
                "TFL3".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(bytes, 4, 8), model.fileName());
    }

    @Test
    void everyPinnedHashBelongsToAModel() throws IOException {
        String table = resource("segmentation_models.sha256");
        String pinnedNames = table.lines()
                .filter(line -> !line.isBlank())
                .map(line -> line.split(" {2}")[1])
                .sorted()
                .collect(Collectors.joining(","));
        String modelNames = Arrays.stream(SegmentationModel.values())
                .map(SegmentationModel::fileName)
                .sorted()
                .collect(Collectors.joining(","));
        assertEquals(modelNames, pinnedNames);
    }

    @Test
    void jarCarriesLicenseAndProvenance() throws IOException {
        assertTrue(
                resource("LICENSE-Apache-2.0.txt").contains("Apache License\n                           Version 2.0"));
        String provenance = resource("PROVENANCE-selfie_segmentation.txt");
        assertTrue(provenance.contains("@mediapipe/selfie_segmentation@0.1.1675465747"), provenance);
        assertTrue(provenance.contains("7767b33eaa68990ee06c28bbb89f39a13a47ebb07ff0f1fd4947d9e817bb9bf9"), provenance);
        assertTrue(provenance.contains("license: Apache-2.0, the \"license\" field of its package/package.json"));
        for (SegmentationModel model : SegmentationModel.values()) {
            assertTrue(provenance.contains(model.fileName() + "\n  source: "), model.fileName());
            assertTrue(provenance.contains("sha256: " + model.sha256()), model.fileName());
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SegmentationModel.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
