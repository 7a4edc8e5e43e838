package io.magicshield.rtc;

import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpSendParameters;
import dev.onvoid.webrtc.RTCRtpSender;

/**
 * The most either video stream of a session may use: the server's processed video (its sender's encodings) and the
 * page's camera (the page applies it to its own sender). Left alone, both senders fill whatever the bandwidth
 * estimate allows: on a 2 Mbit/s link each direction ran at ~1.7 Mbit/s, so every loss burst queued seconds of video
 * in the link's 100 ms queue. 640x480 at 30 fps in VP8 looks no better above ~1500 kbit/s.
 *
 * @param kbps 0: no cap of ours; else {@value #MIN_KBPS}..{@value #MAX_KBPS}
 */
public record MaxBitrate(int kbps) {

    static final int MIN_KBPS = 100;
    static final int MAX_KBPS = 50_000;

    public MaxBitrate {
        if (kbps != 0 && (kbps < MIN_KBPS || kbps > MAX_KBPS)) {
            throw new IllegalArgumentException("the most bitrate of a video stream must be 0 (no cap) or from "
                    + MIN_KBPS + " to " + MAX_KBPS + " kbps, got " + kbps);
        }
    }

    /** Caps every encoding of the sender; its encodings exist once the answer is applied. */
    void applyTo(RTCRtpSender sender) {
        if (kbps == 0) {
            return;
        }
        RTCRtpSendParameters parameters = sender.getParameters();
        for (RTCRtpEncodingParameters encoding : parameters.encodings) {
            encoding.maxBitrate = kbps * 1000;
        }
        sender.setParameters(parameters);
    }
}
