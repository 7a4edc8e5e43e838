package io.magicshield.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class OfferSlotsTest {

    /** The shape of an offer (Chromium): camera, a microphone, the stats channel, then receive-only sections. */
    private static final String OFFER = String.join(
            "\r\n",
            "v=0",
            "o=- 1 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0 1 2 3 4 5 6",
            "m=video 9 UDP/TLS/RTP/SAVPF 96",
            "a=mid:0",
            "a=sendrecv",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "a=mid:1",
            "a=sendonly",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
            "a=mid:2",
            "m=video 9 UDP/TLS/RTP/SAVPF 96",
            "a=mid:3",
            "a=recvonly",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "a=mid:4",
            "a=recvonly",
            "m=video 9 UDP/TLS/RTP/SAVPF 96",
            "a=mid:5",
            "a=recvonly",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "a=recvonly",
            "a=mid:6",
            "");

    @Test
    void theReceiveOnlyVideoSectionsAreTheSlotsInOrder() {
        OfferSlots slots = OfferSlots.of(OFFER);

        assertEquals(List.of("3", "5"), slots.mids());
        assertEquals(2, slots.count());
    }

    @Test
    void aSoloOfferHasNoSlots() {
        assertEquals(
                0,
                OfferSlots.of("v=0\nm=video 9 UDP/TLS/RTP/SAVPF 96\na=mid:0\na=sendrecv\n")
                        .count());
    }

    @Test
    void sectionsWithoutMidAreSkipped() {
        OfferSlots slots = OfferSlots.of("v=0\nm=video 9 X 96\na=recvonly\nm=video 9 X 96\na=mid:v\na=recvonly\n");

        assertEquals(List.of("v"), slots.mids());
    }

    @Test
    void garbageGivesNoSlots() {
        assertEquals(0, OfferSlots.of("not an sdp\u0000\n\n=m=\na=mid:").count());
    }
}
