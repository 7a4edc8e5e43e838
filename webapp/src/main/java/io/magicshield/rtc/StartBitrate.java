package io.magicshield.rtc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final String PARAMETER = "x-google-start-bitrate";
    /** Payloads that carry another codec's packets, not a codec of their own. */
    private static final Set<String> CARRIERS = Set.of("rtx", "red", "ulpfec", "flexfec-03");

    private static final Pattern RTPMAP = Pattern.compile("a=rtpmap:(\\d+) ([^/\\s]+)/.*");
    private static final Pattern FMTP = Pattern.compile("a=fmtp:(\\d+) (.*)");

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
        if (kbps == 0) {
            return offer;
        }
        String newline = offer.contains("\r\n") ? "\r\n" : "\n";
        List<String> out = new ArrayList<>();
        List<String> section = new ArrayList<>();
        for (String line : offer.split("\r?\n", -1)) {
            if (line.startsWith("m=")) {
                out.addAll(withStartBitrate(section));
                section.clear();
            }
            section.add(line);
        }
        out.addAll(withStartBitrate(section));
        return String.join(newline, out);
    }

    private List<String> withStartBitrate(List<String> section) {
        if (section.isEmpty() || !section.get(0).startsWith("m=video ")) {
            return section;
        }
        Set<String> codecs = new HashSet<>();
        Set<String> withFmtp = new HashSet<>();
        for (String line : section) {
            Matcher rtpmap = RTPMAP.matcher(line);
            if (rtpmap.matches() && !CARRIERS.contains(rtpmap.group(2).toLowerCase())) {
                codecs.add(rtpmap.group(1));
            }
            Matcher fmtp = FMTP.matcher(line);
            if (fmtp.matches()) {
                withFmtp.add(fmtp.group(1));
            }
        }
        List<String> out = new ArrayList<>(section.size() + codecs.size());
        for (String line : section) {
            Matcher fmtp = FMTP.matcher(line);
            if (fmtp.matches()
                    && codecs.contains(fmtp.group(1))
                    && !fmtp.group(2).contains(PARAMETER + "=")) {
                out.add(line + ";" + PARAMETER + "=" + kbps);
                continue;
            }
            out.add(line);
            Matcher rtpmap = RTPMAP.matcher(line);
            if (rtpmap.matches() && codecs.contains(rtpmap.group(1)) && !withFmtp.contains(rtpmap.group(1))) {
                out.add("a=fmtp:" + rtpmap.group(1) + " " + PARAMETER + "=" + kbps);
            }
        }
        return out;
    }
}
