package io.magicshield.media;

/**
 * Decides the load level from one-second windows of all sessions' frames (processed and dropped for lack of
 * time) and the smoothed CPU load. It degrades after two windows in a row that drop more than 1% of the frames,
 * and recovers one level after ten calm windows (under 0.5% dropped, CPU under 70%), so it neither reacts to a
 * single hiccup nor swings back and forth.
 */
final class LoadPolicy {

    /** Above the 1% that a session may lose at most (docs/performance.md), so the effect gives way first. */
    static final double OVERLOADED_DROP_RATIO = 0.01;

    static final double CALM_DROP_RATIO = 0.005;
    static final double CALM_CPU = 0.70;
    static final int OVERLOADED_WINDOWS = 2;
    static final int CALM_WINDOWS = 10;
    /** Fewer frames than this in a window say nothing about load. */
    static final long MIN_FRAMES = 10;

    private LoadLevel level = LoadLevel.NORMAL;
    private int overloaded;
    private int calm;

    LoadLevel level() {
        return level;
    }

    /** One window: frames processed and dropped in it, and the CPU load (0..1) at its end. */
    LoadLevel next(long processed, long dropped, double cpu) {
        long frames = processed + dropped;
        double dropRatio = frames == 0 ? 0 : (double) dropped / frames;
        if (frames >= MIN_FRAMES && dropRatio > OVERLOADED_DROP_RATIO) {
            calm = 0;
            if (++overloaded >= OVERLOADED_WINDOWS) {
                overloaded = 0;
                level = level.heavier();
            }
        } else if (dropRatio < CALM_DROP_RATIO && cpu < CALM_CPU) {
            overloaded = 0;
            if (++calm >= CALM_WINDOWS) {
                calm = 0;
                level = level.lighter();
            }
        } else {
            overloaded = 0;
            calm = 0;
        }
        return level;
    }
}
