package io.magicshield.models.build;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.models.build.FetchModels.BuildFailure;
import io.magicshield.models.build.FetchModels.Options;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LicenseCheckTest {

    private static final Options OPTIONS = assertDoesNotThrow(() -> Options.parse(new String[] {
        "--registry=https://registry.example",
        "--package=@mediapipe/selfie_segmentation",
        "--version=1",
        "--tarball-sha256=00",
        "--model-hashes=x",
        "--cache-dir=c",
        "--out-dir=o",
        "--provenance=PROVENANCE-x.txt"
    }));

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void apacheLicensedPackagePasses() {
        assertDoesNotThrow(() -> FetchModels.checkLicense(
                OPTIONS, json("{\"name\": \"x\", \"license\": \"Apache-2.0\", \"keywords\": [\"AR\"]}")));
    }

    @Test
    void otherLicenseIsRefusedWithItsName() {
        BuildFailure failure = assertThrows(
                BuildFailure.class, () -> FetchModels.checkLicense(OPTIONS, json("{\"license\": \"GPL-3.0\"}")));
        assertTrue(failure.getMessage().contains("GPL-3.0"), failure.getMessage());
    }

    @Test
    void missingLicenseOrPackageJsonIsRefused() {
        assertThrows(BuildFailure.class, () -> FetchModels.checkLicense(OPTIONS, json("{\"name\": \"x\"}")));
        assertThrows(BuildFailure.class, () -> FetchModels.checkLicense(OPTIONS, json("[1, 2]")));
        assertThrows(BuildFailure.class, () -> FetchModels.checkLicense(OPTIONS, null));
    }
}
