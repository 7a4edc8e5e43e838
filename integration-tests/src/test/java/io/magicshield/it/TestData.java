package io.magicshield.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared hand clips (../shared/testdata/hands, or the system property magicshield.testdata). Tests that need
 * them skip, loudly, when they are absent: the data is not part of the repository.
 */
public final class TestData {

    private TestData() {}

    /** The 101 JPEG frames of clip01 (1280x720; open palm in frames 8-22 and 71-76, no hand in 1-6 and 94-101). */
    public static Path clip01() {
        return clip("clip01");
    }

    /** The 65 JPEG frames of clip02 (620x1080, 5 fps): one hand shows ASL letters and never opens. */
    public static Path clip02() {
        return clip("clip02");
    }

    private static Path clip(String name) {
        Path dir = Path.of(System.getProperty("magicshield.testdata", "../../shared/testdata/hands"))
                .resolve(name);
        boolean present = Files.isDirectory(dir);
        if (!present) {
            System.err.println("*** SKIPPED: hand clip not found at " + dir.toAbsolutePath()
                    + " (set -Dmagicshield.testdata=DIR) ***");
        }
        assumeTrue(present, "hand clip not found at " + dir.toAbsolutePath());
        return dir;
    }

    /** Where tests write what a person may want to look at (screenshots, generated video): target/. */
    public static Path outputDir() {
        return Path.of(System.getProperty("magicshield.it.output", "target"));
    }
}
