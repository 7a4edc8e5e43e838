package io.magicshield.it.video;

import io.magicshield.it.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A second fake camera, unlike {@link PalmCamera}'s: clip02, a hand spelling ASL letters in front of a light-blue
 * wall that never opens (so no shield), its 5 fps frames six frame times each: 13 s at 30 fps, as a .y4m file.
 */
public final class AslCamera {

    private static final int STEPS_PER_FRAME = 6;

    private AslCamera() {}

    /** The camera file under {@code workDir}, written on the first call (skips the test when clip02 is absent). */
    public static Path file(Path workDir) throws IOException {
        Path camera = workDir.resolve("clip02-" + PalmCamera.WIDTH + "x" + PalmCamera.HEIGHT + ".y4m");
        if (!Files.isRegularFile(camera)) {
            Files.createDirectories(workDir);
            List<I420Image> pictures = ClipFrames.load(TestData.clip02(), PalmCamera.WIDTH, PalmCamera.HEIGHT).stream()
                    .map(ClipFrames.Frame::image)
                    .toList();
            Y4mWriter.write(camera, PalmCamera.FPS, CameraLoop.frames(pictures, i -> STEPS_PER_FRAME));
        }
        return camera;
    }
}
