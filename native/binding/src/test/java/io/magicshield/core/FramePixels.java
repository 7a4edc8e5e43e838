package io.magicshield.core;

import java.nio.ByteBuffer;

/** Pixel-level comparisons of I420 frames (planes read from index 0, at their strides). */
final class FramePixels {
    private FramePixels() {}

    /** Where two frames of the same size first differ, or null if every Y, U and V sample is equal. */
    static String firstDifference(I420Frame a, I420Frame b, boolean mirrored) {
        int cw = (a.width() + 1) / 2, ch = (a.height() + 1) / 2;
        String d = planeDifference("Y", a.y(), a.strideY(), b.y(), b.strideY(), a.width(), a.height(), mirrored);
        if (d == null) {
            d = planeDifference("U", a.u(), a.strideU(), b.u(), b.strideU(), cw, ch, mirrored);
        }
        if (d == null) {
            d = planeDifference("V", a.v(), a.strideV(), b.v(), b.strideV(), cw, ch, mirrored);
        }
        return d;
    }

    // Mirroring is per plane: chroma column c goes to column (chroma width - 1 - c), for odd widths too.
    private static String planeDifference(
            String name, ByteBuffer a, int strideA, ByteBuffer b, int strideB, int w, int h, boolean mirrored) {
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int expected = a.get(r * strideA + (mirrored ? w - 1 - c : c)) & 0xff;
                int actual = b.get(r * strideB + c) & 0xff;
                if (expected != actual) {
                    return String.format("%s(%d, %d) is %d, expected %d", name, c, r, actual, expected);
                }
            }
        }
        return null;
    }

    /** The fraction of luma samples within the disc that differ by more than {@code tolerance}. */
    static double changedLumaInDisc(I420Frame a, I420Frame b, double cx, double cy, double radius, int tolerance) {
        int changed = 0, total = 0;
        int x0 = (int) Math.max(0, Math.floor(cx - radius)), x1 = (int) Math.min(a.width() - 1, Math.ceil(cx + radius));
        int y0 = (int) Math.max(0, Math.floor(cy - radius)),
                y1 = (int) Math.min(a.height() - 1, Math.ceil(cy + radius));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if (Math.hypot(x - cx, y - cy) > radius) {
                    continue;
                }
                total++;
                int va = a.y().get(y * a.strideY() + x) & 0xff;
                int vb = b.y().get(y * b.strideY() + x) & 0xff;
                changed += Math.abs(va - vb) > tolerance ? 1 : 0;
            }
        }
        return total == 0 ? 0 : (double) changed / total;
    }
}
