package io.magicshield.rtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import java.util.ArrayList;
import java.util.List;

/**
 * The receive slots of one peer connection: the places its page's offer reserved for other participants' video
 * ({@link OfferSlots}), each a {@link ReceiveSlot}. Opened once, on the signaling thread when the offer is applied;
 * read by the room's thread.
 */
final class ReceiveSlots {

    private volatile OfferSlots offered = new OfferSlots(List.of());
    private volatile List<ReceiveSlot> slots = List.of();

    /** What the page's offer asked for (empty before the offer is applied, and for a solo page). */
    OfferSlots offered() {
        return offered;
    }

    /**
     * Turns the offer's receive-only sections into send-only slots (WebRTC makes the transceivers of a remote offer
     * receive-only; ours send). Runs before the answer is made.
     */
    void open(String sdp, RTCPeerConnection pc, PeerConnectionFactory factory, String owner) {
        OfferSlots wanted = OfferSlots.of(sdp);
        List<ReceiveSlot> made = new ArrayList<>();
        RTCRtpTransceiver[] transceivers = pc.getTransceivers();
        for (String mid : wanted.mids()) {
            RTCRtpTransceiver video = byMid(transceivers, mid);
            if (video == null) {
                break;
            }
            video.setDirection(RTCRtpTransceiverDirection.SEND_ONLY);
            made.add(new ReceiveSlot(owner, factory, video.getSender()));
        }
        offered = wanted;
        slots = List.copyOf(made);
    }

    /** Shows {@code shown} in slot {@code index} (an index out of range is ignored). */
    void show(int index, SharedStream shown) {
        List<ReceiveSlot> current = slots;
        if (index >= 0 && index < current.size()) {
            current.get(index).show(shown);
        }
    }

    /** Empties slot {@code index} (an index out of range is ignored). */
    void clear(int index) {
        List<ReceiveSlot> current = slots;
        if (index >= 0 && index < current.size()) {
            current.get(index).clear();
        }
    }

    /** The stream each slot shows, by slot (null where empty). */
    List<SharedStream> shown() {
        return slots.stream().map(ReceiveSlot::shown).toList();
    }

    /** Every slot, for closing them. */
    List<ReceiveSlot> all() {
        return slots;
    }

    private static RTCRtpTransceiver byMid(RTCRtpTransceiver[] transceivers, String mid) {
        for (RTCRtpTransceiver transceiver : transceivers) {
            if (mid.equals(transceiver.getMid())) {
                return transceiver;
            }
        }
        return null;
    }
}
