package io.magicshield.it.video;

import java.util.OptionalInt;
import java.util.function.IntBinaryOperator;

/**
 * Tells which sent frame a received frame was made from: a band along the bottom edge carries the frame's number as
 * black and white cells, 8 bits and then their complement, so a misread cell never passes for another number. The
 * cells are wide (a 16th of the width) and use the extremes of luma, so they survive two VP8 encodings and any
 * resolution WebRTC picks; the effect mirrors the frame, so the reader can read the cells right to left.
 * <p>
 * Why not match frames by their content: neighbouring clip frames differ mostly where the hand is, which is exactly
 * where the shield covers them. The band is drawn on the frames the reference core sees too, so both sides process
 * the same pixels; it lies below the hands of clip01.
 */
public final class FrameMarker {

    /** Bits of the number; the band carries them and then their complement. */
    public static final int BITS = 8;

    private static final int CELLS = 2 * BITS;
    private static final int WHITE = 235;
    private static final int BLACK = 16;
    private static final int NEUTRAL_CHROMA = 128;

    private FrameMarker() {}

    /** A copy of {@code image} carrying {@code number} (0..255). */
    public static I420Image stamped(I420Image image, int number) {
        if (number < 0 || number >= 1 << BITS) {
            throw new IllegalArgumentException("frame number " + number + " does not fit in " + BITS + " bits");
        }
        I420Image out = image.copy();
        int w = out.width();
        int band = bandHeight(out.height());
        for (int yy = out.height() - band; yy < out.height(); yy++) {
            for (int x = 0; x < w; x++) {
                int cell = x * CELLS / w;
                out.set(x, yy, bit(number, cell) ? WHITE : BLACK, NEUTRAL_CHROMA, NEUTRAL_CHROMA);
            }
        }
        return out;
    }

    /** The number the band carries, read left to right or (for a mirrored frame) right to left; empty if unreadable. */
    public static OptionalInt read(I420Image image, boolean mirrored) {
        return read(image.width(), image.height(), image::luma, mirrored);
    }

    /**
     * The same from any luma plane, {@code luma(x, y)}: a receiver reads a decoder's buffer in place rather than
     * copying whole frames on WebRTC's decoder thread (the load driver does it 30 times a second per session).
     */
    public static OptionalInt read(int width, int height, IntBinaryOperator luma, boolean mirrored) {
        int band = bandHeight(height);
        int rowFrom = height - band + band / 4;
        int rowTo = height - band / 4;
        int number = 0;
        int complement = 0;
        for (int cell = 0; cell < CELLS; cell++) {
            int physical = mirrored ? CELLS - 1 - cell : cell;
            int xFrom = physical * width / CELLS + width / CELLS / 4;
            int xTo = (physical + 1) * width / CELLS - width / CELLS / 4;
            long sum = 0;
            int n = 0;
            for (int yy = rowFrom; yy < rowTo; yy++) {
                for (int x = xFrom; x < xTo; x++) {
                    sum += luma.applyAsInt(x, yy);
                    n++;
                }
            }
            boolean one = sum > (long) n * (WHITE + BLACK) / 2;
            if (cell < BITS) {
                number = number << 1 | (one ? 1 : 0);
            } else {
                complement = complement << 1 | (one ? 1 : 0);
            }
        }
        return (number ^ complement) == (1 << BITS) - 1 ? OptionalInt.of(number) : OptionalInt.empty();
    }

    /** Rows of the band: a 30th of the height, even so that chroma rows are whole. */
    private static int bandHeight(int height) {
        return Math.max(8, height / 30) & ~1;
    }

    private static boolean bit(int number, int cell) {
        int value = cell < BITS ? number : ~number;
        int position = BITS - 1 - cell % BITS;
        return (value >> position & 1) == 1;
    }
}
