package io.magicshield.assets;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Draws the {@code scene} background (our own artwork): a sanctum's courtyard at dusk. A violet-to-amber sky with
 * stars and a crescent moon over far mountains, a back wall whose gate holds a glowing sigil (centred, so it
 * haloes the person standing in front of it), two rows of columns with lanterns receding to it, a stone floor in
 * perspective catching the gate's light, mist and a vignette. Deterministic: fixed seeds, no clock.
 */
public final class SanctumSceneGenerator {
    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    private static final long SEED = 0x53_414E_4354L;
    private static final double HORIZON = 0.62 * HEIGHT;
    private static final Point2D.Double VANISHING = new Point2D.Double(WIDTH / 2.0, 0.5 * HEIGHT);

    private SanctumSceneGenerator() {}

    /** Writes the scene into the directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: SanctumSceneGenerator <output directory>");
        }
        System.setProperty("java.awt.headless", "true");
        Path outDir = Files.createDirectories(Path.of(args[0]));
        Files.write(outDir.resolve(BackgroundScenes.SANCTUM_FILE), sanctumPng());
    }

    static byte[] sanctumPng() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        Random random = new Random(SEED);
        sky(g, random);
        mountains(g, random);
        backWall(g);
        gate(g);
        floor(g);
        for (int side : new int[] {-1, 1}) {
            for (int i = 3; i >= 0; i--) {
                column(g, side, i);
            }
        }
        mist(g);
        vignette(g);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }

    /** Deep indigo above, through violet and rose, to amber at the horizon; stars fading towards it; the moon. */
    private static void sky(Graphics2D g, Random random) {
        g.setPaint(new LinearGradientPaint(0, 0, 0, (float) HORIZON, new float[] {0f, 0.45f, 0.78f, 1f}, new Color[] {
            new Color(0x0b0a24), new Color(0x2a1f5c), new Color(0x7a3b6e), new Color(0xe08a4a)
        }));
        g.fill(new Rectangle2D.Double(0, 0, WIDTH, HORIZON));
        for (int i = 0; i < 220; i++) {
            double x = random.nextDouble() * WIDTH;
            double y = Math.pow(random.nextDouble(), 1.6) * 0.5 * HEIGHT;
            double r = 0.5 + random.nextDouble() * 1.3;
            int alpha = (int) (255 * (1 - y / (0.55 * HEIGHT)) * (0.4 + 0.6 * random.nextDouble()));
            g.setColor(new Color(255, 244, 230, Math.max(0, Math.min(255, alpha))));
            g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
        }
        double mx = 0.82 * WIDTH, my = 0.16 * HEIGHT, mr = 30;
        glow(g, mx, my, 4 * mr, new Color(255, 236, 200, 70));
        Area moon = new Area(new Ellipse2D.Double(mx - mr, my - mr, 2 * mr, 2 * mr));
        moon.subtract(new Area(new Ellipse2D.Double(mx - mr * 0.55, my - mr * 1.15, 2 * mr, 2 * mr)));
        g.setColor(new Color(0xfff1d6));
        g.fill(moon);
    }

    /** Two ridges of far mountains, the nearer darker, by midpoint displacement from the seed. */
    private static void mountains(Graphics2D g, Random random) {
        Color[] shades = {new Color(0x4a2f5a), new Color(0x2e1f40)};
        for (int layer = 0; layer < 2; layer++) {
            int points = 65;
            double[] heights = new double[points];
            ridge(heights, 0, points - 1, 60 - 15 * layer, random);
            Path2D.Double path = new Path2D.Double();
            path.moveTo(0, HORIZON + 1);
            for (int i = 0; i < points; i++) {
                path.lineTo(i * WIDTH / (points - 1.0), HORIZON - (40 + 25 * layer) - heights[i] * (1 - 0.3 * layer));
            }
            path.lineTo(WIDTH, HORIZON + 1);
            path.closePath();
            g.setColor(shades[layer]);
            g.fill(path);
        }
    }

    private static void ridge(double[] heights, int from, int to, double spread, Random random) {
        if (to - from < 2) {
            return;
        }
        int mid = (from + to) / 2;
        heights[mid] = (heights[from] + heights[to]) / 2 + (random.nextDouble() - 0.4) * spread;
        ridge(heights, from, mid, spread * 0.55, random);
        ridge(heights, mid, to, spread * 0.55, random);
    }

    /** The sanctum's back wall along the horizon, crenellated, with the gate's opening left for gate(). */
    private static void backWall(Graphics2D g) {
        double top = 0.34 * HEIGHT;
        Path2D.Double wall = new Path2D.Double();
        wall.moveTo(0, HORIZON + 8);
        wall.lineTo(0, top + 40);
        for (double x = 0; x < WIDTH; x += 64) {
            wall.lineTo(x, top + 40);
            wall.lineTo(x, top + 22);
            wall.lineTo(x + 32, top + 22);
            wall.lineTo(x + 32, top + 40);
        }
        wall.lineTo(WIDTH, top + 40);
        wall.lineTo(WIDTH, HORIZON + 8);
        wall.closePath();
        g.setPaint(new LinearGradientPaint(0, (float) top, 0, (float) HORIZON, new float[] {0f, 1f}, new Color[] {
            new Color(0x231a3a), new Color(0x3a2a4a)
        }));
        g.fill(wall);
        // Courses of stone, faint.
        g.setStroke(new BasicStroke(1f));
        g.setColor(new Color(255, 200, 160, 18));
        for (double y = top + 52; y < HORIZON; y += 14) {
            g.draw(new Line2D.Double(0, y, WIDTH, y));
        }
    }

    /** An arched gate in the middle of the wall, and in it a sigil that glows gold and teal. */
    private static void gate(Graphics2D g) {
        double cx = WIDTH / 2.0, w = 300, top = 0.16 * HEIGHT, bottom = HORIZON + 8;
        Path2D.Double arch = new Path2D.Double();
        arch.moveTo(cx - w / 2 - 26, bottom);
        arch.lineTo(cx - w / 2 - 26, top + w / 2);
        arch.quadTo(cx - w / 2 - 26, top - 30, cx, top - 40);
        arch.quadTo(cx + w / 2 + 26, top - 30, cx + w / 2 + 26, top + w / 2);
        arch.lineTo(cx + w / 2 + 26, bottom);
        arch.closePath();
        g.setColor(new Color(0x1c1430));
        g.fill(arch);
        Shape opening = new RoundRectangle2D.Double(cx - w / 2, top, w, bottom - top + 40, w, w);
        g.setPaint(new RadialGradientPaint(
                new Point2D.Double(cx, top + w / 2), (float) (w * 0.9), new float[] {0f, 0.5f, 1f}, new Color[] {
                    new Color(0x7fe3d8), new Color(0x2f6e86), new Color(0x1a1838)
                }));
        g.fill(opening);
        glow(g, cx, top + w / 2, 2.2 * w, new Color(120, 230, 220, 60));
        LineArtCanvas sigil = new LineArtCanvas(256);
        sigil.ring(120, 3).ring(104, 1.6).ring(60, 2.4).ring(18, 3);
        sigil.polygon(104, 2.6, 0, 120, 240).polygon(104, 2.6, 60, 180, 300);
        List<Shape> runes = RuneGlyphs.alphabet(12, SEED);
        for (int i = 0; i < runes.size(); i++) {
            sigil.glyph(runes.get(i), i * 30.0 + 15, 78, 14, 2.0);
        }
        for (int angle = 0; angle < 360; angle += 30) {
            sigil.spoke(angle, 22, 56, 1.6);
        }
        BufferedImage shaded = GlowShader.shade(sigil.coverage(), sigil.size());
        double size = w * 0.86;
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.95f));
        g.drawImage(shaded, (int) (cx - size / 2), (int) (top + w / 2 - size / 2), (int) size, (int) size, null);
        g.setComposite(AlphaComposite.SrcOver);
    }

    /** Stone flags in perspective to the vanishing point, the gate's light pooled on them. */
    private static void floor(Graphics2D g) {
        g.setPaint(new LinearGradientPaint(0, (float) HORIZON, 0, HEIGHT, new float[] {0f, 1f}, new Color[] {
            new Color(0x3b2f4a), new Color(0x120e1a)
        }));
        g.fill(new Rectangle2D.Double(0, HORIZON, WIDTH, HEIGHT - HORIZON));
        g.setStroke(new BasicStroke(1.2f));
        g.setColor(new Color(10, 6, 16, 120));
        for (int i = -14; i <= 14; i++) {
            double x = WIDTH / 2.0 + i * 140;
            double t = (HORIZON - VANISHING.y) / (HEIGHT - VANISHING.y);
            g.draw(new Line2D.Double(VANISHING.x + (x - VANISHING.x) * t, HORIZON, x, HEIGHT));
        }
        for (double d = 1; d < 40; d *= 1.35) {
            double y = HORIZON + (HEIGHT - HORIZON) * (1 - 1 / d) * 1.05;
            if (y < HEIGHT) {
                g.draw(new Line2D.Double(0, y, WIDTH, y));
            }
        }
        // The pool of light, twice as wide as deep: a circular gradient squeezed vertically.
        AffineTransform plain = g.getTransform();
        g.translate(WIDTH / 2.0, HORIZON);
        g.scale(1, 0.45);
        g.setPaint(new RadialGradientPaint(new Point2D.Double(0, 0), 420f, new float[] {0f, 1f}, new Color[] {
            new Color(130, 230, 215, 90), new Color(130, 230, 215, 0)
        }));
        g.fill(new Rectangle2D.Double(-WIDTH / 2.0, 0, WIDTH, (HEIGHT - HORIZON) / 0.45));
        g.setTransform(plain);
    }

    /**
     * Column {@code index} (0 nearest) on the {@code side} (-1 left, 1 right): nearer ones stand further out and
     * taller, as in perspective; each with a capital, a base, a rim of the gate's light and a lantern.
     */
    private static void column(Graphics2D g, int side, int index) {
        double depth = 1.0 + index * 0.75;
        double scale = 1 / depth;
        double baseX = VANISHING.x + side * (560 * scale + 40);
        double bottom = VANISHING.y + (HEIGHT * 1.02 - VANISHING.y) * scale;
        double height = 640 * scale;
        double width = 90 * scale;
        double left = baseX - width / 2;
        double top = bottom - height;
        int shade = 26 + 8 * index;
        g.setPaint(new LinearGradientPaint(
                (float) left, 0, (float) (left + width), 0, new float[] {0f, 0.6f, 1f}, new Color[] {
                    new Color(shade, shade - 6, shade + 22),
                    new Color(shade + 22, shade + 12, shade + 36),
                    new Color(shade - 8, shade - 12, shade + 6)
                }));
        g.fill(new Rectangle2D.Double(left, top, width, height));
        g.setColor(new Color(shade + 14, shade + 6, shade + 30));
        g.fill(new Rectangle2D.Double(left - width * 0.18, top - width * 0.28, width * 1.36, width * 0.3));
        g.fill(new Rectangle2D.Double(left - width * 0.14, bottom - width * 0.26, width * 1.28, width * 0.26));
        // The edge that faces the gate catches its teal light.
        double rim = side < 0 ? left + width - 2 * scale : left;
        g.setColor(new Color(140, 235, 220, 90));
        g.fill(new Rectangle2D.Double(rim, top, Math.max(1.2, 2.5 * scale), height));
        double lanternX = side < 0 ? left + width + 14 * scale : left - 14 * scale;
        double lanternY = top + height * 0.38;
        glow(g, lanternX, lanternY, 120 * scale, new Color(255, 170, 70, 110));
        double r = 7 * scale;
        g.setColor(new Color(0xffd9a0));
        g.fill(new Ellipse2D.Double(lanternX - r, lanternY - r, 2 * r, 2 * r));
    }

    /** Mist lying on the floor, thicker towards the gate. */
    private static void mist(Graphics2D g) {
        for (int band = 0; band < 3; band++) {
            double y = HORIZON - 10 + band * 45;
            g.setPaint(new LinearGradientPaint(
                    0, (float) (y - 30), 0, (float) (y + 30), new float[] {0f, 0.5f, 1f}, new Color[] {
                        new Color(200, 180, 230, 0),
                        new Color(200, 180, 230, 34 - 8 * band),
                        new Color(200, 180, 230, 0)
                    }));
            g.fill(new Rectangle2D.Double(0, y - 30, WIDTH, 60));
        }
    }

    private static void vignette(Graphics2D g) {
        g.setPaint(new RadialGradientPaint(
                new Point2D.Double(WIDTH / 2.0, HEIGHT * 0.45),
                (float) (WIDTH * 0.75),
                new float[] {0f, 0.6f, 1f},
                new Color[] {new Color(0, 0, 0, 0), new Color(0, 0, 0, 40), new Color(0, 0, 0, 170)}));
        g.fill(new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
    }

    private static void glow(Graphics2D g, double x, double y, double radius, Color colour) {
        Color clear = new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 0);
        g.setPaint(new RadialGradientPaint(
                new Point2D.Double(x, y), (float) radius, new float[] {0f, 1f}, new Color[] {colour, clear}));
        g.fill(new Ellipse2D.Double(x - radius, y - radius, 2 * radius, 2 * radius));
    }
}
