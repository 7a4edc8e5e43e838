package io.magicshield.it.video;

import io.magicshield.it.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The fake camera of the browser tests: clip01 as a {@link CameraLoop} (blended and numbered), frames 1-7 (no hand,
 * the hand coming in) four frame times each, then the open palm (8-22) eight each, about 5 s in all (148 frame times:
 * a number comes round again only after 4.9 s), written once as a .y4m file.
 */
public final class PalmCamera {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 480;
    public static final int FPS = 30;
    private static final int LAST_BEFORE_PALM = 7;
    private static final int LAST_PALM = 22;

    private PalmCamera() {}

    /** The camera file under {@code workDir}, written on the first call (skips the test when clip01 is absent). */
    public static Path file(Path workDir) throws IOException {
        Path camera = workDir.resolve("clip01-" + WIDTH + "x" + HEIGHT + ".y4m");
        if (!Files.isRegularFile(camera)) {
            Files.createDirectories(workDir);
            List<ClipFrames.Frame> clip = ClipFrames.load(TestData.clip01(), WIDTH, HEIGHT);
            List<ClipFrames.Frame> shown =
                    clip.stream().filter(f -> f.number() <= LAST_PALM).toList();
            Y4mWriter.write(
                    camera,
                    FPS,
                    CameraLoop.frames(
                            shown.stream().map(ClipFrames.Frame::image).toList(),
                            i -> shown.get(i).number() <= LAST_BEFORE_PALM ? 4 : 8));
        }
        return camera;
    }
}
