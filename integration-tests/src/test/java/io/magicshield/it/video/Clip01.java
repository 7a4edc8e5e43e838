package io.magicshield.it.video;

/**
 * What a person saw in clip01's frames (../shared/testdata/hands/SOURCES.md, each boundary +-1 frame): the
 * frames tests expect a shield in, and those with no hand at all.
 */
public final class Clip01 {

    private Clip01() {}

    /** Open palm, fingers spread: 8-22, 71-76, 80-85, 88-92. */
    public static boolean openPalm(int frame) {
        return between(frame, 8, 22) || between(frame, 71, 76) || between(frame, 80, 85) || between(frame, 88, 92);
    }

    /** No hand in the picture: 1-6 and 95-101. */
    public static boolean noHand(int frame) {
        return between(frame, 1, 6) || between(frame, 95, 101);
    }

    private static boolean between(int frame, int first, int last) {
        return frame >= first && frame <= last;
    }
}
