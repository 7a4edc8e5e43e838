package io.magicshield.whip;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a WHIP offer must carry before the server spends a session on it: a video section that the publisher sends
 * in a codec the server decodes. WebRTC would accept an offer without one and answer it, and the "publisher" would
 * then hold a session slot with nothing to process; this says why instead. A line-level read, no full SDP grammar:
 * WebRTC still parses the offer and refuses what it cannot apply.
 */
final class PublishOffer {

    /** The video decoders of webrtc-java's default factory (VP8, VP9, H264 through OpenH264, AV1). */
    static final Set<String> DECODED = Set.of("VP8", "VP9", "H264", "AV1");

    private PublishOffer() {}

    /** @return why the offer cannot be published, or empty when it can */
    static Optional<String> problem(String sdp) {
        if (!sdp.startsWith("v=0")) {
            return Optional.of("the body must be an SDP offer (v=0 ...)");
        }
        List<Section> videos = videoSections(sdp);
        if (videos.isEmpty()) {
            return Optional.of("the offer has no video section: WHIP here publishes video");
        }
        List<Section> sent = videos.stream().filter(Section::sends).toList();
        if (sent.isEmpty()) {
            return Optional.of("the offer's video is not sent (recvonly or inactive): a WHIP offer sends its video");
        }
        Set<String> offered = new TreeSet<>();
        for (Section section : sent) {
            for (String codec : section.codecs()) {
                if (DECODED.contains(codec)) {
                    return Optional.empty();
                }
                offered.add(codec);
            }
        }
        return Optional.of(
                "the offer's video codecs " + offered + " are none the server decodes " + new TreeSet<>(DECODED));
    }

    /** A video section: its port (0 = rejected), direction and codec names by payload type. */
    private record Section(int port, String direction, List<String> codecs) {
        boolean sends() {
            return port != 0 && (direction.equals("sendrecv") || direction.equals("sendonly"));
        }
    }

    private static List<Section> videoSections(String sdp) {
        List<Section> sections = new ArrayList<>();
        String[] media = null;
        String direction = "sendrecv";
        Map<String, String> codecs = new HashMap<>();
        for (String raw : (sdp + "\nm=end").split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                if (media != null && media.length >= 4 && media[0].equals("video")) {
                    List<String> names = new ArrayList<>();
                    for (int i = 3; i < media.length; i++) {
                        names.add(codecs.getOrDefault(media[i], "payload type " + media[i]));
                    }
                    sections.add(new Section(port(media[1]), direction, names));
                }
                media = line.substring(2).split(" +");
                direction = "sendrecv";
                codecs.clear();
            } else if (line.startsWith("a=rtpmap:")) {
                String[] map = line.substring("a=rtpmap:".length()).split("[ /]");
                if (map.length >= 2) {
                    codecs.put(map[0], map[1].toUpperCase(Locale.ROOT));
                }
            } else if (Set.of("a=sendrecv", "a=sendonly", "a=recvonly", "a=inactive")
                    .contains(line)) {
                direction = line.substring(2);
            }
        }
        return sections;
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text.split("/")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
