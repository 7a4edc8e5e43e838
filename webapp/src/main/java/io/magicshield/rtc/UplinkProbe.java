package io.magicshield.rtc;

/**
 * When the page's camera sender gets its full cap for one report while its picture is reduced, so that the browser's
 * libwebrtc probes the uplink (it probes at a sender's new allocation when the cap goes up). Without it, after a
 * 300 kbit/s cap was lifted the page's uplink estimate regrew at libwebrtc's ~8% a second, since the camera is kept
 * below it (from ~250 kbit/s to the 690 that 640x480 needs with the ladder's margin: 13 s), and the processed video
 * is no bigger than the camera's picture. A lift on an uplink that is still thin overflows it for a second (the
 * estimate fell to 130-210 kbit/s on a 300 kbit/s link when the camera was lifted every third second), so the probe
 * waits for a sign that the link grew: the server's own estimate toward the page {@link #DOWN_OVER_UP} times the
 * page's uplink estimate (links mostly recover both ways; the server probes its side every third second). A probe
 * after which the uplink estimate did not grow doubles the wait for the next, up to {@link #LONGEST_WAIT_NANOS}, so
 * an uplink thinner than its downlink for good is probed seldom.
 * <p>
 * Thread-safe: asked by the session's report tick.
 */
final class UplinkProbe {

    static final double DOWN_OVER_UP = 2;
    /** The uplink estimate grew this much since the last probe: that probe found room. */
    static final double FOUND = 1.5;

    static final long FIRST_WAIT_NANOS = 3_000_000_000L;
    static final long LONGEST_WAIT_NANOS = 48_000_000_000L;

    private long wait = FIRST_WAIT_NANOS;
    private long lastProbeNanos;
    private double lastProbeUpKbps = Double.NaN;

    /**
     * Whether this report lifts the camera's cap.
     *
     * @param cameraReduced whether the camera's picture is below its own size or frame rate
     * @param upKbps the page's uplink estimate, @param downKbps the server's estimate toward the page (NaN: none)
     */
    synchronized boolean lift(boolean cameraReduced, double upKbps, double downKbps, long nowNanos) {
        if (!cameraReduced || !(upKbps > 0) || !(downKbps >= DOWN_OVER_UP * upKbps)) {
            return false;
        }
        if (!Double.isNaN(lastProbeUpKbps) && nowNanos - lastProbeNanos < wait) {
            return false;
        }
        if (!Double.isNaN(lastProbeUpKbps)) {
            wait = upKbps >= FOUND * lastProbeUpKbps ? FIRST_WAIT_NANOS : Math.min(2 * wait, LONGEST_WAIT_NANOS);
        }
        lastProbeNanos = nowNanos;
        lastProbeUpKbps = upKbps;
        return true;
    }
}
