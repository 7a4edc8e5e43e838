package io.magicshield.rtc;

import java.util.ArrayList;
import java.util.List;

/**
 * The receive slots a page's offer asks for: its {@code recvonly} media sections, paired in order (the n-th video
 * section with the n-th audio one). The page pre-allocates them, one per other participant it may see, so that
 * participants come and go with {@code replaceTrack} on the server and no renegotiation (docs/protocol.md, rooms).
 *
 * @param videoMids the mids of the video sections the page only receives on, in offer order
 * @param audioMids the same for audio
 */
public record OfferSlots(List<String> videoMids, List<String> audioMids) {

    public OfferSlots {
        videoMids = List.copyOf(videoMids);
        audioMids = List.copyOf(audioMids);
    }

    /** Slots: one per receive-only video section (its audio partner may be missing: a page that takes no sound). */
    public int count() {
        return videoMids.size();
    }

    /** @return the audio section's mid of slot {@code index}, or null when the page offered fewer audio slots */
    public String audioMid(int index) {
        return index < audioMids.size() ? audioMids.get(index) : null;
    }

    /** Reads the media sections of an SDP offer; lines it does not know are skipped (WebRTC parses it properly). */
    public static OfferSlots of(String sdp) {
        List<String> video = new ArrayList<>();
        List<String> audio = new ArrayList<>();
        String kind = null;
        String mid = null;
        boolean receiveOnly = false;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                add(kind, mid, receiveOnly, video, audio);
                kind = line.substring(2).split(" ", 2)[0];
                mid = null;
                receiveOnly = false;
            } else if (line.startsWith("a=mid:")) {
                mid = line.substring("a=mid:".length()).trim();
            } else if (line.equals("a=recvonly")) {
                receiveOnly = true;
            }
        }
        add(kind, mid, receiveOnly, video, audio);
        return new OfferSlots(video, audio);
    }

    private static void add(String kind, String mid, boolean receiveOnly, List<String> video, List<String> audio) {
        if (!receiveOnly || mid == null || mid.isEmpty()) {
            return;
        }
        if ("video".equals(kind)) {
            video.add(mid);
        } else if ("audio".equals(kind)) {
            audio.add(mid);
        }
    }
}
