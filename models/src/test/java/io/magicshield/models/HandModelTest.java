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

class HandModelTest {

    @ParameterizedTest
    @EnumSource(HandModel.class)
    void shippedModelMatchesItsPinnedHash(HandModel model) throws Exception {
        byte[] bytes = model.bytes();
        String actual =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(model.sha256(), actual, model.fileName());
    }

    @ParameterizedTest
    @EnumSource(HandModel.class)
    void shippedModelIsATfliteFlatbuffer(HandModel model) {
        byte[] bytes = model.bytes();
        // A TFLite flatbuffer carries the file identifier "TFL3" right after the 4-byte root offset.
        assertArrayEquals(
                "TFL3".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(bytes, 4, 8), model.fileName());
    }

    @Test
    void everyPinnedHashBelongsToAModel() throws IOException {
        String table = resource("models.sha256");
        String pinnedNames = table.lines()
                .filter(line -> !line.isBlank())
                .map(line -> line.split(" {2}")[1])
                .sorted()
                .collect(Collectors.joining(","));
        String modelNames = Arrays.stream(HandModel.values())
                .map(HandModel::fileName)
                .sorted()
                .collect(Collectors.joining(","));
        assertEquals(modelNames, pinnedNames);
    }

    @Test
    void jarCarriesLicenseAndProvenance() throws IOException {
        assertTrue(
                resource("LICENSE-Apache-2.0.txt").contains("Apache License\n                           Version 2.0"));
        String provenance = resource("PROVENANCE.txt");
        assertTrue(provenance.contains("@mediapipe/hands@0.4.1675469240"), provenance);
        assertTrue(provenance.contains("bdd5be939c60cbd72a49f4b6141407683cf2a67263598e1a44757d70b3dfcb8a"), provenance);
        for (HandModel model : HandModel.values()) {
            assertTrue(provenance.contains(model.fileName() + "\n  source: "), model.fileName());
            assertTrue(provenance.contains("sha256: " + model.sha256()), model.fileName());
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HandModel.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
