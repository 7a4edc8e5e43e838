package io.magicshield.it.video;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The JPEG frames of a clip as I420 camera frames of a given size. The centre of each frame is cropped to the
 * target's aspect ratio before scaling (clip01 is 16:9, a 640x480 camera is 4:3), so hands keep their shape: the
 * open-hand ratio the effect measures is a ratio of lengths along different directions.
 */
public final class ClipFrames {

    /** One frame; {@code number} is the clip's own 1-based frame number (clip01_0008.jpg is 8). */
    public record Frame(int number, I420Image image) {}

    private ClipFrames() {}

    public static List<Frame> load(Path clipDir, int width, int height) {
        try (Stream<Path> files = Files.list(clipDir)) {
            List<Path> jpegs =
                    files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
            if (jpegs.isEmpty()) {
                throw new IllegalStateException("no .jpg frames in " + clipDir);
            }
            return jpegs.stream()
                    .map(jpeg -> new Frame(numberOf(jpeg), read(jpeg, width, height)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + clipDir, e);
        }
    }

    private static int numberOf(Path jpeg) {
        String name = jpeg.getFileName().toString();
        return Integer.parseInt(name.substring(name.lastIndexOf('_') + 1, name.length() - ".jpg".length()));
    }

    private static I420Image read(Path jpeg, int width, int height) {
        try {
            BufferedImage source = ImageIO.read(jpeg.toFile());
            if (source == null) {
                throw new IllegalStateException("not an image: " + jpeg);
            }
            return I420Image.fromRgb(cropAndScale(source, width, height));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jpeg, e);
        }
    }

    private static BufferedImage cropAndScale(BufferedImage source, int width, int height) {
        int cropWidth = Math.min(source.getWidth(), source.getHeight() * width / height);
        int cropHeight = Math.min(source.getHeight(), source.getWidth() * height / width);
        int x0 = (source.getWidth() - cropWidth) / 2;
        int y0 = (source.getHeight() - cropHeight) / 2;
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, x0, y0, x0 + cropWidth, y0 + cropHeight, null);
        } finally {
            g.dispose();
        }
        return scaled;
    }
}
