package io.magicshield.models.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.models.build.FetchModels.BuildFailure;
import io.magicshield.models.build.FetchModels.PackedAssets;
import io.magicshield.models.build.FetchModels.PackedAssets.Entry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PackedAssetsTest {

    private static final String LOADER = """
            var loadPackage = function(metadata) { var files = metadata['files']; };
            loadPackage({"files": [{"filename": "/a/b/handedness.txt", "start": 0, "end": 3},
              {"filename": "/a/palm\\u005ffull.tflite", "start": 3, "end": 7}], "remote_package_size": 7});
            """;

    @Test
    void readsTheIndexFromTheLoadPackageCall() throws BuildFailure {
        List<Entry> entries = PackedAssets.parseIndex(LOADER, 7);
        assertEquals(List.of(new Entry("/a/b/handedness.txt", 0, 3), new Entry("/a/palm_full.tflite", 3, 7)), entries);
    }

    @Test
    void cutsAFileOutOfTheDataAtTheIndexedOffsets() throws BuildFailure {
        PackedAssets packed = PackedAssets.parse(LOADER, "abcDEFG".getBytes(StandardCharsets.US_ASCII));
        byte[] cut = packed.cut(packed.entryNamed("palm_full.tflite"));
        assertArrayEquals("DEFG".getBytes(StandardCharsets.US_ASCII), cut);
    }

    @Test
    void namesAFileThatIsNotIndexed() throws BuildFailure {
        PackedAssets packed = PackedAssets.parse(LOADER, new byte[7]);
        BuildFailure failure = assertThrows(BuildFailure.class, () -> packed.entryNamed("palm_lite.tflite"));
        assertTrue(failure.getMessage().contains("palm_lite.tflite"), failure.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "var x = 1;                                                           | found 0",
                "loadPackage({\"files\": [], \"remote_package_size\": 7}); loadPackage({}); | found 2",
                "loadPackage({\"files\": [{\"filename\": \"/a\", \"start\": 0, \"end\": 7}]  | unexpected end of text",
                "loadPackage({\"files\": [], \"remote_package_size\": 7} + 1);         | not followed by ')'",
                "loadPackage({\"files\": [], \"remote_package_size\": 8});             | .data file has 7 bytes",
                "loadPackage({\"remote_package_size\": 7});                           | files should be a JSON array but is missing",
                "loadPackage({\"files\": [{\"filename\": \"/a\", \"start\": 0.5, \"end\": 7}], \"remote_package_size\": 7}); | only integers",
                "loadPackage({\"files\": [{\"filename\": \"/a\", \"start\": \"0\", \"end\": 7}], \"remote_package_size\": 7}); | files[].start should be a JSON integer",
                "loadPackage({\"files\": [{\"filename\": \"/a\", \"start\": 5, \"end\": 9}], \"remote_package_size\": 7}); | outside the 7-byte .data file",
                "loadPackage({files: []});                                            | expected a member name",
            })
    void rejectsAChangedFormatWithAClearMessage(String loaderJs, String expectedDetail) {
        BuildFailure failure = assertThrows(BuildFailure.class, () -> PackedAssets.parseIndex(loaderJs, 7));
        assertTrue(
                failure.getMessage().startsWith(FetchModels.LOADER_JS + " is not in the expected format"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains(expectedDetail), failure.getMessage());
    }
}
