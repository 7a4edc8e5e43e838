package io.magicshield.assets;

import java.awt.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the shield sprites (our own artwork) and writes them as PNGs. Deterministic: no clock, and the runes come
 * from a fixed seed, so the same JDK gives the same bytes. The build runs {@link #main} at process-classes.
 *
 * <p>Both sprites share one centre and size: the outer ring keeps to radii 160..240 and the inner star to 0..154,
 * so that drawn over each other they nest into one shield.
 */
public final class ShieldSpriteGenerator {
    private static final int SIZE = 512;
    private static final long RUNE_SEED = 0x5348_4945_4C44L;

    private ShieldSpriteGenerator() {}

    /** Writes both sprites into the directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ShieldSpriteGenerator <output directory>");
        }
        System.setProperty("java.awt.headless", "true");
        Path outDir = Files.createDirectories(Path.of(args[0]));
        Files.write(outDir.resolve(ShieldSprites.CLOCKWISE_FILE), outerClockwisePng());
        Files.write(outDir.resolve(ShieldSprites.COUNTER_CLOCKWISE_FILE), innerCounterClockwisePng());
    }

    /** Big rings near the edge, a band of runes between two of them, and ticks inside. */
    static byte[] outerClockwisePng() {
        LineArtCanvas art = new LineArtCanvas(SIZE);
        art.ring(238, 4).ring(229, 1.8).ring(187, 3.4).ring(160, 1.6);
        List<Shape> runes = RuneGlyphs.alphabet(24, RUNE_SEED);
        double step = 360.0 / runes.size();
        for (int i = 0; i < runes.size(); i++) {
            art.glyph(runes.get(i), i * step, 196, 24, 2.6);
            art.disc(i * step + step / 2, 208, 2.4);
        }
        art.brightness(0.85);
        for (int degree = 0; degree < 360; degree += 5) {
            boolean major = degree % 30 == 0;
            art.spoke(degree, major ? 165 : 172, 182, major ? 2.8 : 1.6);
        }
        return png(art);
    }

    /** Two squares at 45 degrees forming an eight-point star, smaller circles and radial spokes. */
    static byte[] innerCounterClockwisePng() {
        LineArtCanvas art = new LineArtCanvas(SIZE);
        double starRadius = 148;
        art.polygon(starRadius, 3.4, 0, 90, 180, 270).polygon(starRadius, 3.4, 45, 135, 225, 315);
        art.ring(starRadius, 2.4)
                .ring(starRadius * Math.cos(Math.PI / 4), 2.6)
                .ring(88, 1.8)
                .ring(34, 3);
        for (int angle = 0; angle < 360; angle += 45) {
            art.smallRing(angle, starRadius, 6, 2.2);
        }
        art.brightness(0.8);
        for (int angle = 0; angle < 360; angle += 15) {
            art.spoke(angle, 40, angle % 45 == 0 ? 104 : 82, angle % 45 == 0 ? 2.4 : 1.6);
        }
        art.brightness(1).ring(12, 3.4);
        return png(art);
    }

    private static byte[] png(LineArtCanvas art) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(GlowShader.shade(art.coverage(), art.size()), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }
}
