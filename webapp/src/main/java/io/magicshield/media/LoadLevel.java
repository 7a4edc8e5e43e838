package io.magicshield.media;

/**
 * How much of the effect every session gives up under load, mildest first. Video keeps flowing at every level:
 * first the lighter landmark model, then fewer inferences per second (the shield keeps moving with the frames,
 * the tracking updates less often). The interval holds back the person segmentation of a session with a background
 * too: its mask updates as often as the hands.
 */
public enum LoadLevel {
    NORMAL(null, 0),
    LITE_MODEL("lite", 0),
    LITE_HALF_RATE("lite", 66),
    LITE_THIRD_RATE("lite", 100),
    LITE_SIXTH_RATE("lite", 200);

    private final String modelOverride;
    private final double inferenceIntervalMillis;

    LoadLevel(String modelOverride, double inferenceIntervalMillis) {
        this.modelOverride = modelOverride;
        this.inferenceIntervalMillis = inferenceIntervalMillis;
    }

    /** The model to use instead of the session's own, or null to keep it. */
    public String modelOverride() {
        return modelOverride;
    }

    /**
     * Least time between two runs of the models; 0: every frame.
     *
     * @param configured the server's own least interval (milliseconds), which no level shortens
     */
    public double inferenceIntervalMillis(double configured) {
        return Math.max(configured, inferenceIntervalMillis);
    }

    /**
     * Threads one inference may use: at {@link #NORMAL} the cores shared among the sessions that run the effect (one
     * session on two cores gets both, and a tracked 640x480 frame takes 7 ms instead of 11); at any degraded level one,
     * since a second thread makes an inference faster for more CPU in all, which a loaded server cannot spare.
     *
     * @param sessions effects running (0 counts as 1: the next session gets the share)
     * @param max      the most threads one inference may use; 0 for no bound but the cores
     */
    public int inferenceThreads(int sessions, int cores, int max) {
        if (this != NORMAL) {
            return 1;
        }
        int share = Math.max(1, cores / Math.max(1, sessions));
        return max > 0 ? Math.min(share, max) : share;
    }

    LoadLevel heavier() {
        return ordinal() == values().length - 1 ? this : values()[ordinal() + 1];
    }

    LoadLevel lighter() {
        return this == NORMAL ? this : values()[ordinal() - 1];
    }
}
