package io.magicshield.rtc;

/**
 * The bitrate the server's video sender starts at, before its bandwidth estimate has a figure. The first processed
 * frames are sized for it ({@link io.magicshield.media.LinkLadder}), so they neither overflow a thin link nor meet
 * libwebrtc's initial frame dropping (a 640x480 stream started at 300 kbps lost its first frames, 150 ms and more).
 * The sender takes its start from the {@code x-google-start-bitrate} parameter of its send codecs, and those come
 * from the page's offer, so the offer gets the parameter before it is applied. The estimate moves from there as the
 * network allows: libwebrtc probes at 3 and 6 times the start at once, so a big link is found within a second.
 *
 * @param kbps 0: leave offers alone (libwebrtc's own start); else {@value #MIN_KBPS}..{@value #MAX_KBPS}
 */
public record StartBitrate(int kbps) {

    static final int MIN_KBPS = 100;
    /** libwebrtc's own start, where offers are left alone. */
    static final int LIBWEBRTC_KBPS = 300;

    static final int MAX_KBPS = 10_000;
    private static final VideoCodecParameter PARAMETER = new VideoCodecParameter("x-google-start-bitrate");

    public StartBitrate {
        if (kbps != 0 && (kbps < MIN_KBPS || kbps > MAX_KBPS)) {
            throw new IllegalArgumentException("the start bitrate must be 0 (libwebrtc's own) or from " + MIN_KBPS
                    + " to " + MAX_KBPS + " kbps, got " + kbps);
        }
    }

    /** The bitrate the sender starts at: ours, or libwebrtc's own. */
    public int effectiveKbps() {
        return kbps == 0 ? LIBWEBRTC_KBPS : kbps;
    }

    /** The offer with the start bitrate on every video codec that does not name one already. */
    public String applyTo(String offer) {
        return kbps == 0 ? offer : PARAMETER.applyTo(offer, kbps);
    }
}
