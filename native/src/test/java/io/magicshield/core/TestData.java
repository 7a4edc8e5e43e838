package io.magicshield.core;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The shared hand photos and clips (../shared/testdata/hands, or the system property magicshield.testdata),
 * decoded and converted to I420 the way the CLI does it. Tests that need them skip, loudly, when absent.
 */
final class TestData {
    private TestData() {
    }

    static Path handsDir() {
        Path dir = Path.of(System.getProperty("magicshield.testdata", "../../shared/testdata/hands"));
        boolean present = Files.isDirectory(dir.resolve("mediapipe_reference"));
        if (!present) {
            System.err.println("*** SKIPPED: hand test data not found at " + dir.toAbsolutePath()
                + " (set -Dmagicshield.testdata=DIR) ***");
        }
        assumeTrue(present, "hand test data not found at " + dir.toAbsolutePath());
        return dir;
    }

    static List<Path> framesOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
    }

    /** Decodes an image with OpenCV and converts it to I420, BT.601 limited range, chroma averaged per 2x2. */
    static I420Frame readI420(Path image) {
        Mat bgr = opencv_imgcodecs.imread(image.toString(), opencv_imgcodecs.IMREAD_COLOR);
        if (bgr.empty()) {
            throw new IllegalArgumentException("cannot read " + image);
        }
        int w = bgr.cols();
        int h = bgr.rows();
        byte[] pixels = new byte[w * h * 3];
        bgr.data().capacity((long) w * h * 3).get(pixels);
        bgr.close();
        return toI420(pixels, w, h);
    }

    static I420Frame toI420(byte[] bgr, int w, int h) {
        I420Frame frame = I420Frame.allocate(w, h);
        ByteBuffer y = frame.y();
        for (int i = 0; i < w * h; i++) {
            float b = bgr[3 * i] & 0xff, g = bgr[3 * i + 1] & 0xff, r = bgr[3 * i + 2] & 0xff;
            y.put(i, clamp(16f + 0.2568f * r + 0.5041f * g + 0.0979f * b));
        }
        int cw = (w + 1) / 2;
        for (int cy = 0; cy < (h + 1) / 2; cy++) {
            for (int cx = 0; cx < cw; cx++) {
                float r = 0, g = 0, b = 0;
                int n = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int x = 2 * cx + dx, yy = 2 * cy + dy;
                        if (x >= w || yy >= h) {
                            continue;
                        }
                        int i = 3 * (yy * w + x);
                        b += bgr[i] & 0xff;
                        g += bgr[i + 1] & 0xff;
                        r += bgr[i + 2] & 0xff;
                        n++;
                    }
                }
                r /= n;
                g /= n;
                b /= n;
                frame.u().put(cy * cw + cx, clamp(128f - 0.1482f * r - 0.2910f * g + 0.4392f * b));
                frame.v().put(cy * cw + cx, clamp(128f + 0.4392f * r - 0.3678f * g - 0.0714f * b));
            }
        }
        return frame;
    }

    private static byte clamp(float v) {
        return (byte) Math.round(Math.max(0f, Math.min(255f, v)));
    }
}
