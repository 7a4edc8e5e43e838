package io.magicshield.it.video;

/**
 * Finds the shield by its colour: the sprites are ember orange through gold to white-hot (assets' GlowShader), so
 * where the shield is drawn, many pixels are bright, strongly red-over-blue and clearly red-over-green. clip01's dim
 * room with purple light and dark skin has almost none of them, and what a frame without a shield has is the
 * baseline each check compares with.
 */
public final class ShieldDetector {

    /** The thresholds, shared with the browser test's page-side counting. */
    public static final int MIN_RED = 150;

    public static final int MIN_RED_OVER_BLUE = 90;
    public static final int MIN_RED_OVER_GREEN = 25;

    private ShieldDetector() {}

    public static boolean warmGold(int rgb) {
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        return r >= MIN_RED && r - b >= MIN_RED_OVER_BLUE && r - g >= MIN_RED_OVER_GREEN;
    }

    /** The fraction of warm gold pixels inside the disc (clipped to the frame). */
    public static double warmRatioInDisc(I420Image image, double cx, double cy, double radius) {
        int warm = 0;
        int total = 0;
        int x0 = (int) Math.max(0, Math.floor(cx - radius));
        int x1 = (int) Math.min(image.width() - 1, Math.ceil(cx + radius));
        int y0 = (int) Math.max(0, Math.floor(cy - radius));
        int y1 = (int) Math.min(image.height() - 1, Math.ceil(cy + radius));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if (Math.hypot(x - cx, y - cy) <= radius) {
                    total++;
                    warm += warmGold(image.rgb(x, y)) ? 1 : 0;
                }
            }
        }
        return total == 0 ? 0 : (double) warm / total;
    }

    /** The fraction of warm gold pixels in the whole frame. */
    public static double warmRatio(I420Image image) {
        int warm = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                warm += warmGold(image.rgb(x, y)) ? 1 : 0;
            }
        }
        return (double) warm / (image.width() * image.height());
    }
}
