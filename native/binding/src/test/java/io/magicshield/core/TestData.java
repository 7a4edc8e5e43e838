package io.magicshield.core;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The shared hand photos and clips (../shared/testdata/hands, or the system property magicshield.testdata),
 * decoded and converted to I420 the way the CLI does it, so that Java and CLI figures are comparable. Tests that
 * need them skip, loudly, when absent.
 */
final class TestData {
    private TestData() {}

    /** One row of labels.csv: the ground truth for a still photo. */
    record Label(String file, String category, String numHands, String anyOpenHand) {}

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

    /** The .jpg files of a folder, sorted by name (the clips' frame numbers are zero-padded). */
    static List<Path> framesOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
    }

    /** The still photos (the top-level .jpg files of the hands folder). */
    static List<Path> stills() throws IOException {
        return framesOf(handsDir());
    }

    /** labels.csv, in file order. Its notes column holds no commas that matter here: only four columns are read. */
    static List<Label> labels() {
        Path csv = handsDir().resolve("labels.csv");
        try {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            List<Label> labels = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", 5);
                labels.add(new Label(f[0], f[1], f[2], f[3]));
            }
            return labels;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
    }

    /** The photos of one labels.csv category, as paths. */
    static List<Path> photosOfCategory(String category) {
        Path dir = handsDir();
        return labels().stream()
                .filter(l -> l.category().equals(category))
                .map(l -> dir.resolve(l.file()))
                .toList();
    }

    /** Decodes an image with OpenCV and converts it to I420, BT.601 limited range, chroma averaged per 2x2. */
    static I420Frame readI420(Path image) {
        Mat bgr = opencv_imgcodecs.imread(image.toString(), opencv_imgcodecs.IMREAD_COLOR);
        try {
            if (bgr.empty()) {
                throw new IllegalArgumentException("cannot read " + image);
            }
            return toI420(bgr);
        } finally {
            bgr.close();
        }
    }

    /** The image scaled to {@code width} x {@code height} (OpenCV's area interpolation), in I420. */
    static I420Frame readI420Resized(Path image, int width, int height) {
        Mat bgr = opencv_imgcodecs.imread(image.toString(), opencv_imgcodecs.IMREAD_COLOR);
        Mat resized = new Mat();
        try {
            if (bgr.empty()) {
                throw new IllegalArgumentException("cannot read " + image);
            }
            opencv_imgproc.resize(bgr, resized, new Size(width, height), 0, 0, opencv_imgproc.INTER_AREA);
            return toI420(resized);
        } finally {
            bgr.close();
            resized.close();
        }
    }

    private static I420Frame toI420(Mat bgr) {
        int w = bgr.cols();
        int h = bgr.rows();
        byte[] pixels = new byte[w * h * 3];
        bgr.data().capacity((long) w * h * 3).get(pixels);
        return toI420(pixels, w, h);
    }

    /** The CLI's conversion (native/core/i420.h rgb_to_yuv), so that the same photo gives the same I420 bytes. */
    static I420Frame toI420(byte[] bgr, int w, int h) {
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        byte[] y = new byte[w * h];
        byte[] u = new byte[cw * ch];
        byte[] v = new byte[cw * ch];
        for (int i = 0; i < w * h; i++) {
            float b = bgr[3 * i] & 0xff, g = bgr[3 * i + 1] & 0xff, r = bgr[3 * i + 2] & 0xff;
            y[i] = clamp(16f + 0.2568f * r + 0.5041f * g + 0.0979f * b);
        }
        for (int cy = 0; cy < ch; cy++) {
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
                u[cy * cw + cx] = clamp(128f - 0.1482f * r - 0.2910f * g + 0.4392f * b);
                v[cy * cw + cx] = clamp(128f + 0.4392f * r - 0.3678f * g - 0.0714f * b);
            }
        }
        I420Frame frame = I420Frame.allocate(w, h);
        frame.y().put(0, y);
        frame.u().put(0, u);
        frame.v().put(0, v);
        return frame;
    }

    /** The CLI's inverse (cli/image_io.cpp i420_to_bgr): interleaved BGR bytes of a frame. */
    static byte[] toBgr(I420Frame f) {
        int w = f.width(), h = f.height();
        byte[] bgr = new byte[w * h * 3];
        for (int yy = 0; yy < h; yy++) {
            for (int x = 0; x < w; x++) {
                float luma = ((f.y().get(yy * f.strideY() + x) & 0xff) - 16f) * 1.1644f;
                float cu = (f.u().get(yy / 2 * f.strideU() + x / 2) & 0xff) - 128f;
                float cv = (f.v().get(yy / 2 * f.strideV() + x / 2) & 0xff) - 128f;
                int i = 3 * (yy * w + x);
                bgr[i] = clamp(luma + 2.0172f * cu);
                bgr[i + 1] = clamp(luma - 0.3918f * cu - 0.8130f * cv);
                bgr[i + 2] = clamp(luma + 1.5960f * cv);
            }
        }
        return bgr;
    }

    /** Writes a frame as an image file (the format follows the extension, e.g. .png) for people to look at. */
    static void writeImage(I420Frame frame, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] bgr = toBgr(frame);
        try (BytePointer data = new BytePointer(bgr);
                Mat mat = new Mat(frame.height(), frame.width(), opencv_core.CV_8UC3, data)) {
            if (!opencv_imgcodecs.imwrite(file.toString(), mat)) {
                throw new IOException("cannot write " + file);
            }
        }
    }

    /** A deep copy in new direct memory, tightly packed. Like {@link #toBgr}, it reads planes from index 0. */
    static I420Frame copyOf(I420Frame f) {
        I420Frame copy = I420Frame.allocate(f.width(), f.height());
        int cw = (f.width() + 1) / 2, ch = (f.height() + 1) / 2;
        copyPlane(f.y(), f.strideY(), copy.y(), f.width(), f.height());
        copyPlane(f.u(), f.strideU(), copy.u(), cw, ch);
        copyPlane(f.v(), f.strideV(), copy.v(), cw, ch);
        return copy;
    }

    private static void copyPlane(ByteBuffer src, int stride, ByteBuffer dst, int w, int h) {
        byte[] row = new byte[w];
        for (int r = 0; r < h; r++) {
            src.get(r * stride, row);
            dst.put(r * w, row);
        }
    }

    private static byte clamp(float v) {
        return (byte) Math.round(Math.max(0f, Math.min(255f, v)));
    }
}
