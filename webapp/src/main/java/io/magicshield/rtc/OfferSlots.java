package io.magicshield.rtc;

import java.util.ArrayList;
import java.util.List;

/**
 * The receive slots a page's offer asks for: its {@code recvonly} video sections, in offer order. The page
 * pre-allocates them, one per other participant it may see, so that participants come and go with
 * {@code replaceTrack} on the server and no renegotiation (docs/protocol.md, rooms).
 *
 * @param mids the mids of the video sections the page only receives on, in offer order
 */
public record OfferSlots(List<String> mids) {

    public OfferSlots {
        mids = List.copyOf(mids);
    }

    public int count() {
        return mids.size();
    }

    /** Reads the media sections of an SDP offer; lines it does not know are skipped (WebRTC parses it properly). */
    public static OfferSlots of(String sdp) {
        List<String> mids = new ArrayList<>();
        String kind = null;
        String mid = null;
        boolean receiveOnly = false;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                add(kind, mid, receiveOnly, mids);
                kind = line.substring(2).split(" ", 2)[0];
                mid = null;
                receiveOnly = false;
            } else if (line.startsWith("a=mid:")) {
                mid = line.substring("a=mid:".length()).trim();
            } else if (line.equals("a=recvonly")) {
                receiveOnly = true;
            }
        }
        add(kind, mid, receiveOnly, mids);
        return new OfferSlots(mids);
    }

    private static void add(String kind, String mid, boolean receiveOnly, List<String> mids) {
        if (receiveOnly && "video".equals(kind) && mid != null && !mid.isEmpty()) {
            mids.add(mid);
        }
    }
}
