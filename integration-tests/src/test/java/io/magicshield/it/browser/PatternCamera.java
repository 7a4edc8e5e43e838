package io.magicshield.it.browser;

import io.magicshield.it.TestData;
import io.magicshield.it.video.TestPattern;
import io.magicshield.it.video.Y4mWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A fake camera file for browser tests that need video but no hands: the {@link TestPattern} as a .y4m file
 * (320x240, 30 fps, two seconds in a loop), written once per run under target/browser/.
 */
public final class PatternCamera {

    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final int FPS = 30;

    private PatternCamera() {}

    public static synchronized Path file() {
        Path file = TestData.outputDir().resolve("browser").resolve("pattern-" + WIDTH + "x" + HEIGHT + ".y4m");
        if (!Files.isRegularFile(file)) {
            try {
                // written aside and moved, so an interrupted run never leaves half a file behind
                Path partial = file.resolveSibling(file.getFileName() + ".part");
                Y4mWriter.write(partial, FPS, TestPattern.frames(WIDTH, HEIGHT, 2 * FPS));
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
        return file;
    }

    /** Where browser tests keep profiles and chromedriver's log. */
    public static Path workDir() {
        return TestData.outputDir().resolve("browser");
    }
}
