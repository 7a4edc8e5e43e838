package io.magicshield.assets;

import java.awt.image.BufferedImage;

/**
 * Turns a line-art coverage mask into a glowing sprite: strokes stay opaque and turn yellow-white, and a halo
 * made by blurring the mask fades out in the alpha channel in warm orange.
 */
final class GlowShader {
    private static final double HALO_SIGMA = 1.5;
    private static final double GLOW_SIGMA = 4;
    private static final float[] EMBER = {255, 120, 20};
    private static final float[] GOLD = {255, 165, 45};
    private static final float[] WHITE_HOT = {255, 242, 205};

    private GlowShader() {}

    static BufferedImage shade(float[] coverage, int size) {
        float[] halo = GaussianBlur.blur(coverage, size, size, HALO_SIGMA);
        float[] glow = GaussianBlur.blur(coverage, size, size, GLOW_SIGMA);
        BufferedImage sprite = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        for (int i = 0; i < coverage.length; i++) {
            double alpha = clamp(coverage[i] + 1.5 * halo[i] + 1.2 * glow[i]);
            double heat = clamp(0.8 * coverage[i] + 0.5 * halo[i]);
            int a = (int) Math.round(255 * alpha);
            sprite.setRGB(i % size, i / size, a == 0 ? 0 : (a << 24) | colour(heat));
        }
        return sprite;
    }

    /** Ember orange for faint glow, through gold, to white-hot at the stroke cores. */
    private static int colour(double heat) {
        float[] from = heat < 0.5 ? EMBER : GOLD;
        float[] to = heat < 0.5 ? GOLD : WHITE_HOT;
        double t = heat < 0.5 ? heat * 2 : heat * 2 - 1;
        int rgb = 0;
        for (int channel = 0; channel < 3; channel++) {
            rgb = (rgb << 8) | (int) Math.round(from[channel] + (to[channel] - from[channel]) * t);
        }
        return rgb;
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }
}
