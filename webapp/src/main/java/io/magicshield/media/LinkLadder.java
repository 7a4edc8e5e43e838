package io.magicshield.media;

import java.util.List;

/**
 * What the processed video can be for the bandwidth the server's sender has: its picture size and frame rate follow
 * the sender's bandwidth estimate, as a good WebRTC sender's do. webrtc-java's {@code CustomVideoSource} applies none
 * of libwebrtc's own adaptation (its sink wants reach no one, and the encoder does not scale), so at 300 kbit/s the
 * server kept sending 640x480 at 4-10 frames a second (docs/performance.md, "Real networks").
 * <p>
 * The order of degradation suits this effect: the picture gets smaller first, down to 3/8 of the camera's width
 * (240x180 from 640x480), at the full frame rate, because the shield turns and follows a moving hand, and that
 * stutters at a low frame rate far more visibly than it blurs at a small size; only then the frame rate halves.
 * A step is taken down as soon as the estimate stays below it; up, to the highest step whose need the estimate covers
 * with a margin, once it has done so for two updates in a row and not soon after the last step down: each change of
 * size costs a key frame, which on a thin link is a burst of its own.
 * <p>
 * Thread-safe: the frame worker asks for the step of each frame, the session's once-a-second tick gives estimates.
 */
public final class LinkLadder {

    /**
     * One rung: the picture at {@code scale} of the camera's width and height, every {@code frameDivisor}-th camera
     * frame sent.
     */
    public record Step(double scale, int frameDivisor) {

        /** The output's width for a camera picture this wide: even, at least 2. */
        public int width(int cameraWidth) {
            return scale == 1 ? cameraWidth : Math.max(2, (int) Math.round(cameraWidth * scale / 2) * 2);
        }

        public int height(int cameraHeight) {
            return scale == 1 ? cameraHeight : Math.max(2, (int) Math.round(cameraHeight * scale / 2) * 2);
        }

        /** The kbit/s this rung needs for a camera picture of {@code cameraPixels} at the nominal frame rate. */
        double needKbps(long cameraPixels) {
            return cameraPixels * scale * scale * NOMINAL_FPS / frameDivisor * BITS_PER_PIXEL / 1000;
        }
    }

    /** Top first. */
    static final List<Step> STEPS =
            List.of(new Step(1, 1), new Step(0.75, 1), new Step(0.5, 1), new Step(0.375, 1), new Step(0.375, 2));

    static final int NOMINAL_FPS = 30;
    /**
     * VP8 needs about this many bits per pixel for a picture that still looks sharp: 640x480 at 30 fps from 553 kbit/s,
     * 320x240 from 138 kbit/s (a 300 kbit/s link's estimate settles at 230-280).
     */
    static final double BITS_PER_PIXEL = 0.06;
    /** Below this share of the current step's need, the step down is taken at once. */
    static final double STEP_DOWN_AT_ONCE = 0.7;

    static final int DOWN_AFTER_UPDATES = 2;
    /** The estimate must hold this much more than a higher step's need, for this many updates in a row. */
    static final double UP_MARGIN = 1.25;

    static final int UP_AFTER_UPDATES = 2;
    static final long UP_NOT_BEFORE_NANOS_AFTER_DOWN = 8_000_000_000L;

    private final double startKbps;
    /** -1 until the camera's first picture says how many pixels the steps are of. */
    private int current = -1;

    private long cameraPixels;
    private int below;
    private int above;
    private long lastDownNanos = Long.MIN_VALUE / 2;

    /** @param startKbps the sender's start bitrate: the first frames must not overflow a thin link */
    public LinkLadder(double startKbps) {
        this.startKbps = startKbps;
    }

    /**
     * The step for a camera picture of {@code pixels} (width x height); the first call starts at the highest step the
     * start bitrate allows.
     */
    public synchronized Step stepFor(long pixels) {
        if (pixels <= 0) {
            throw new IllegalArgumentException("a camera picture has pixels, not " + pixels);
        }
        cameraPixels = pixels;
        if (current < 0) {
            current = fitting(startKbps, pixels);
        }
        return STEPS.get(current);
    }

    /** The step in force, or null before the camera's first picture. */
    public synchronized Step current() {
        return current < 0 ? null : STEPS.get(current);
    }

    /**
     * Takes a new estimate of the sender's bandwidth; nothing changes before the camera's first picture.
     *
     * @return the step in force from now on, or null before the first picture
     */
    public synchronized Step update(double estimateKbps, long nowNanos) {
        if (current < 0) {
            return null;
        }
        if (!(estimateKbps > 0)) {
            return STEPS.get(current);
        }
        double need = STEPS.get(current).needKbps(cameraPixels);
        if (estimateKbps < need && current < STEPS.size() - 1) {
            above = 0;
            below++;
            if (below >= DOWN_AFTER_UPDATES || estimateKbps < STEP_DOWN_AT_ONCE * need) {
                current = Math.max(current + 1, fitting(estimateKbps, cameraPixels));
                below = 0;
                lastDownNanos = nowNanos;
            }
        } else if (current > 0
                && estimateKbps >= UP_MARGIN * STEPS.get(current - 1).needKbps(cameraPixels)) {
            below = 0;
            above++;
            if (above >= UP_AFTER_UPDATES && nowNanos - lastDownNanos >= UP_NOT_BEFORE_NANOS_AFTER_DOWN) {
                current = Math.min(current - 1, fitting(estimateKbps / UP_MARGIN, cameraPixels));
                above = 0;
            }
        } else {
            below = 0;
            above = 0;
        }
        return STEPS.get(current);
    }

    /** The highest step whose need the estimate covers; the lowest when none. */
    private static int fitting(double kbps, long cameraPixels) {
        for (int i = 0; i < STEPS.size(); i++) {
            if (STEPS.get(i).needKbps(cameraPixels) <= kbps) {
                return i;
            }
        }
        return STEPS.size() - 1;
    }
}
