package io.magicshield.assets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The two sprites of the magic shield, 512x512 RGBA PNGs drawn by {@link ShieldSpriteGenerator} at build time:
 * an outer ring meant to turn clockwise and an inner star meant to turn counter-clockwise. Drawn over each other,
 * centred and at the same size, they form one shield.
 */
public final class ShieldSprites {
    static final String CLOCKWISE_FILE = "shield_outer_cw.png";
    static final String COUNTER_CLOCKWISE_FILE = "shield_inner_ccw.png";

    private ShieldSprites() {}

    /** The outer ring: rings, ticks and a band of runes. */
    public static byte[] clockwisePng() {
        return read(CLOCKWISE_FILE);
    }

    /** The inner star: two squares at 45 degrees, circles and radial spokes. */
    public static byte[] counterClockwisePng() {
        return read(COUNTER_CLOCKWISE_FILE);
    }

    private static byte[] read(String fileName) {
        try (InputStream in = ShieldSprites.class.getResourceAsStream(fileName)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource io/magicshield/assets/" + fileName
                        + " is missing: magicshield-assets generates it at build time (process-classes)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource io/magicshield/assets/" + fileName, e);
        }
    }
}
