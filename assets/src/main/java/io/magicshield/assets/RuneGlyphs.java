package io.magicshield.assets;

import java.awt.Shape;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Our own rune-like glyphs, assembled from strokes: a vertical stem with two different marks (branch, bar,
 * chevron, end ring, crescent, diamond). Glyph units: x right within -0.35..0.35, y up within -0.16..1.16.
 */
final class RuneGlyphs {
    private static final double HALF_WIDTH = 0.35;
    private static final int MARK_KINDS = 6;

    private RuneGlyphs() {}

    /** {@code count} glyphs, the same ones for the same seed. */
    static List<Shape> alphabet(int count, long seed) {
        Random random = new Random(seed);
        List<Shape> glyphs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            glyphs.add(glyph(random));
        }
        return glyphs;
    }

    /** A stem carrying two different marks. */
    private static Shape glyph(Random random) {
        Path2D.Double glyph = new Path2D.Double(new Line2D.Double(0, 0, 0, 1));
        int first = random.nextInt(MARK_KINDS);
        addMark(glyph, first, random);
        addMark(glyph, (first + 1 + random.nextInt(MARK_KINDS - 1)) % MARK_KINDS, random);
        return glyph;
    }

    private static void addMark(Path2D.Double glyph, int kind, Random random) {
        double side = random.nextBoolean() ? 1 : -1;
        double height = 0.25 + 0.25 * random.nextInt(3);
        boolean atTop = random.nextBoolean();
        switch (kind) {
            case 0 ->
                glyph.append(new Line2D.Double(0, height, side * HALF_WIDTH, height + (atTop ? 0.3 : -0.3)), false);
            case 1 -> glyph.append(new Line2D.Double(-HALF_WIDTH * 0.7, height, HALF_WIDTH * 0.7, height), false);
            case 2 -> {
                glyph.moveTo(-HALF_WIDTH, atTop ? 0.7 : 0.3);
                glyph.lineTo(0, atTop ? 1 : 0);
                glyph.lineTo(HALF_WIDTH, atTop ? 0.7 : 0.3);
            }
            case 3 -> glyph.append(new Ellipse2D.Double(-0.08, atTop ? 1.0 : -0.16, 0.16, 0.16), false);
            case 4 -> glyph.append(new Arc2D.Double(-0.25, 0.25, 0.5, 0.5, 0, side * 180, Arc2D.OPEN), false);
            default -> {
                glyph.moveTo(0, height + 0.2);
                glyph.lineTo(0.22, height);
                glyph.lineTo(0, height - 0.2);
                glyph.lineTo(-0.22, height);
                glyph.closePath();
            }
        }
    }
}
