package io.magicshield.rtc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code x-google-...} parameter written on every video codec of the page's offer before the server applies it:
 * the server's sender takes its bandwidth estimator's bounds from the parameters of its send codecs, and those come
 * from the offer. A codec that names the parameter already keeps the page's value; payloads that carry another
 * codec's packets (RTX, RED, FEC) are left alone.
 *
 * @param name the fmtp parameter, e.g. {@code x-google-start-bitrate}
 */
record VideoCodecParameter(String name) {

    private static final Set<String> CARRIERS = Set.of("rtx", "red", "ulpfec", "flexfec-03");
    private static final Pattern RTPMAP = Pattern.compile("a=rtpmap:(\\d+) ([^/\\s]+)/.*");
    private static final Pattern FMTP = Pattern.compile("a=fmtp:(\\d+) (.*)");

    /** The offer with {@code name=value} on every video codec that does not name it already. */
    String applyTo(String offer, int value) {
        String newline = offer.contains("\r\n") ? "\r\n" : "\n";
        List<String> out = new ArrayList<>();
        List<String> section = new ArrayList<>();
        for (String line : offer.split("\r?\n", -1)) {
            if (line.startsWith("m=")) {
                out.addAll(withParameter(section, value));
                section.clear();
            }
            section.add(line);
        }
        out.addAll(withParameter(section, value));
        return String.join(newline, out);
    }

    private List<String> withParameter(List<String> section, int value) {
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
        String parameter = name + "=" + value;
        List<String> out = new ArrayList<>(section.size() + codecs.size());
        for (String line : section) {
            Matcher fmtp = FMTP.matcher(line);
            if (fmtp.matches()
                    && codecs.contains(fmtp.group(1))
                    && !fmtp.group(2).contains(name + "=")) {
                out.add(line + ";" + parameter);
                continue;
            }
            out.add(line);
            Matcher rtpmap = RTPMAP.matcher(line);
            if (rtpmap.matches() && codecs.contains(rtpmap.group(1)) && !withFmtp.contains(rtpmap.group(1))) {
                out.add("a=fmtp:" + rtpmap.group(1) + " " + parameter);
            }
        }
        return out;
    }
}
