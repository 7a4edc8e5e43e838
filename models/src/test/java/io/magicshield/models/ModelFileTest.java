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
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped model file, of both families, against its pinned hash, its format and the jar's provenance. */
class ModelFileTest {

    /** A family of model files: one npm package, one hash file, one provenance statement. */
    private record Family(
            String name, List<ModelFile> models, String hashFile, String provenanceFile, List<String> provenanceLines) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Stream<Family> families() {
        return Stream.of(
                new Family(
                        "hands",
                        List.of(HandModel.values()),
                        "models.sha256",
                        "PROVENANCE.txt",
                        List.of(
                                "@mediapipe/hands@0.4.1675469240",
                                "bdd5be939c60cbd72a49f4b6141407683cf2a67263598e1a44757d70b3dfcb8a")),
                new Family(
                        "selfie segmentation",
                        List.of(SegmentationModel.values()),
                        "segmentation_models.sha256",
                        "PROVENANCE-selfie_segmentation.txt",
                        List.of(
                                "@mediapipe/selfie_segmentation@0.1.1675465747",
                                "7767b33eaa68990ee06c28bbb89f39a13a47ebb07ff0f1fd4947d9e817bb9bf9",
                                "license: Apache-2.0, the \"license\" field of its package/package.json")));
    }

    private static Stream<ModelFile> models() {
        return families().flatMap(family -> family.models().stream());
    }

    @ParameterizedTest
    @MethodSource("models")
    void shippedModelMatchesItsPinnedHash(ModelFile model) throws Exception {
        byte[] bytes = model.bytes();
        String actual =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(model.sha256(), actual, model.fileName());
    }

    @ParameterizedTest
    @MethodSource("models")
    void shippedModelIsATfliteFlatbuffer(ModelFile model) {
        byte[] bytes = model.bytes();
        // A TFLite flatbuffer carries the file identifier "TFL3" right after the 4-byte root offset.
        assertArrayEquals(
                "TFL3".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(bytes, 4, 8), model.fileName());
    }

    @ParameterizedTest
    @MethodSource("families")
    void everyPinnedHashBelongsToAModel(Family family) throws IOException {
        String pinnedNames = resource(family.hashFile())
                .lines()
                .filter(line -> !line.isBlank())
                .map(line -> line.split(" {2}")[1])
                .sorted()
                .collect(Collectors.joining(","));
        String modelNames =
                family.models().stream().map(ModelFile::fileName).sorted().collect(Collectors.joining(","));
        assertEquals(modelNames, pinnedNames);
    }

    @ParameterizedTest
    @MethodSource("families")
    void jarCarriesLicenseAndProvenance(Family family) throws IOException {
        assertTrue(
                resource("LICENSE-Apache-2.0.txt").contains("Apache License\n                           Version 2.0"));
        String provenance = resource(family.provenanceFile());
        for (String line : family.provenanceLines()) {
            assertTrue(provenance.contains(line), line + " in " + provenance);
        }
        for (ModelFile model : family.models()) {
            assertTrue(provenance.contains(model.fileName() + "\n  source: "), model.fileName());
            assertTrue(provenance.contains("sha256: " + model.sha256()), model.fileName());
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ModelFile.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
