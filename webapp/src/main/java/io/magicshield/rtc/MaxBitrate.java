package io.magicshield.rtc;

import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpSendParameters;
import dev.onvoid.webrtc.RTCRtpSender;

/**
 * The most either video stream of a session may use: the server's processed video (its sender's encodings) and the
 * page's camera (the server tells the page, which applies it to its own sender). Left alone, both senders fill whatever the bandwidth
 * estimate allows: on a 2 Mbit/s link each direction ran at ~1.7 Mbit/s, so every loss burst queued seconds of video
 * in the link's 100 ms queue. 640x480 at 30 fps in VP8 looks no better above ~1500 kbit/s; the configured default is
 * lower still, since libwebrtc lets an estimate grow to 1.5 times what was sent, and from a 1500 kbit/s video it
 * passed a 2 Mbit/s link and lost packets there.
 * <p>
 * Below that, each sender keeps {@link #HEADROOM} of its bandwidth estimate: the estimate settles at the link's rate,
 * and a sender that fills it keeps the link's queue full (on a 300 kbit/s link with a 100 ms queue each way, the loop
 * was 200-600 ms); at 80% the queue drains between frames.
 *
 * @param kbps 0: no cap of ours; else {@value #MIN_KBPS}..{@value #MAX_KBPS}
 */
public record MaxBitrate(int kbps) {

    static final int MIN_KBPS = 100;
    static final int MAX_KBPS = 50_000;
    /** The share of the bandwidth estimate a video sender may use. */
    static final double HEADROOM = 0.8;
    /** Never capped below this: the smallest step of the picture at 15 fps needs 39 kbit/s. */
    static final int FLOOR_KBPS = 50;
    /** A new cap is set only when it moves this much: each one reconfigures the encoder. */
    static final double MIN_CHANGE = 0.1;

    public MaxBitrate {
        if (kbps != 0 && (kbps < MIN_KBPS || kbps > MAX_KBPS)) {
            throw new IllegalArgumentException("the most bitrate of a video stream must be 0 (no cap) or from "
                    + MIN_KBPS + " to " + MAX_KBPS + " kbps, got " + kbps);
        }
    }

    /**
     * The cap for a sender whose bandwidth estimate is {@code estimateKbps}: {@link #HEADROOM} of it, at least
     * {@value #FLOOR_KBPS}, at most {@link #kbps()}; without an estimate, {@link #kbps()} (0: none).
     */
    public int capFor(double estimateKbps) {
        if (!(estimateKbps > 0)) {
            return kbps;
        }
        int share = (int) Math.max(FLOOR_KBPS, Math.round(HEADROOM * estimateKbps));
        return kbps == 0 ? share : Math.min(kbps, share);
    }

    /** Whether a sender capped at {@code applied} kbit/s (0: uncapped) should be given {@code wanted} instead. */
    static boolean worthChanging(int applied, int wanted) {
        return applied == 0 ? wanted != 0 : wanted == 0 || Math.abs(wanted - applied) >= MIN_CHANGE * applied;
    }

    /** Caps every encoding of the sender at {@code capKbps} (0: no cap); its encodings exist once the answer is applied. */
    static void apply(RTCRtpSender sender, int capKbps) {
        RTCRtpSendParameters parameters = sender.getParameters();
        for (RTCRtpEncodingParameters encoding : parameters.encodings) {
            encoding.maxBitrate = capKbps == 0 ? null : capKbps * 1000;
        }
        sender.setParameters(parameters);
    }
}
