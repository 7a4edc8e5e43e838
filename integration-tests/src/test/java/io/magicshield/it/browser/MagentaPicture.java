package io.magicshield.it.browser;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** A plain magenta PNG for a page's background upload: a colour no camera frame or default background has. */
public final class MagentaPicture {
    private MagentaPicture() {}

    /** Writes a {@code width} x {@code height} magenta PNG to {@code file} and returns it. */
    public static Path write(Path file, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(220, 0, 220));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
