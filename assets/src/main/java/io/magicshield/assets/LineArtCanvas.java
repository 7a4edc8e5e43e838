package io.magicshield.assets;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Antialiased line art around the centre of a square canvas, recorded as a coverage mask (0..1 per pixel).
 * Angles are in degrees, clockwise from 12 o'clock; radii and distances in pixels from the centre.
 */
final class LineArtCanvas {
    private final int size;
    private final double centre;
    private final BufferedImage mask;
    private final Graphics2D graphics;

    LineArtCanvas(int size) {
        this.size = size;
        this.centre = size / 2.0;
        this.mask = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        this.graphics = mask.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        brightness(1);
    }

    /** Intensity of what is drawn next, 0..1: dimmer strokes end up less opaque and more orange. */
    LineArtCanvas brightness(double level) {
        int grey = (int) Math.round(255 * level);
        graphics.setColor(new Color(grey, grey, grey));
        return this;
    }

    /** A circle around the centre. */
    LineArtCanvas ring(double radius, double strokeWidth) {
        return smallRing(0, 0, radius, strokeWidth);
    }

    /** A circle of {@code radius} whose centre lies {@code distance} from the canvas centre at {@code angle}. */
    LineArtCanvas smallRing(double angle, double distance, double radius, double strokeWidth) {
        return stroke(circle(angle, distance, radius), strokeWidth);
    }

    LineArtCanvas disc(double angle, double distance, double radius) {
        graphics.fill(circle(angle, distance, radius));
        return this;
    }

    LineArtCanvas spoke(double angle, double fromRadius, double toRadius, double strokeWidth) {
        return stroke(new Line2D.Double(point(angle, fromRadius), point(angle, toRadius)), strokeWidth);
    }

    /** A closed polygon through points at the given angles, all at the same radius. */
    LineArtCanvas polygon(double radius, double strokeWidth, double... angles) {
        Path2D.Double path = new Path2D.Double();
        Point2D first = point(angles[0], radius);
        path.moveTo(first.getX(), first.getY());
        for (int i = 1; i < angles.length; i++) {
            Point2D next = point(angles[i], radius);
            path.lineTo(next.getX(), next.getY());
        }
        path.closePath();
        return stroke(path, strokeWidth);
    }

    /**
     * Draws a shape given in glyph units (x right, y up, about one unit tall) standing on the circle of
     * {@code baseRadius} at {@code angle}, {@code height} pixels per unit, its top pointing away from the centre.
     */
    LineArtCanvas glyph(Shape shape, double angle, double baseRadius, double height, double strokeWidth) {
        AffineTransform placement = new AffineTransform();
        placement.translate(centre, centre);
        placement.rotate(Math.toRadians(angle));
        placement.translate(0, -baseRadius);
        placement.scale(height, -height);
        return stroke(placement.createTransformedShape(shape), strokeWidth);
    }

    int size() {
        return size;
    }

    float[] coverage() {
        byte[] grey = ((DataBufferByte) mask.getRaster().getDataBuffer()).getData();
        float[] coverage = new float[grey.length];
        for (int i = 0; i < grey.length; i++) {
            coverage[i] = (grey[i] & 0xff) / 255f;
        }
        return coverage;
    }

    private LineArtCanvas stroke(Shape shape, double strokeWidth) {
        graphics.setStroke(new BasicStroke((float) strokeWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        graphics.draw(shape);
        return this;
    }

    private Ellipse2D circle(double angle, double distance, double radius) {
        Point2D middle = point(angle, distance);
        return new Ellipse2D.Double(middle.getX() - radius, middle.getY() - radius, 2 * radius, 2 * radius);
    }

    private Point2D point(double angle, double distance) {
        double radians = Math.toRadians(angle);
        return new Point2D.Double(centre + distance * Math.sin(radians), centre - distance * Math.cos(radians));
    }
}
