package io.magicshield.whip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishOfferTest {

    /** The shape of Chromium's WHIP offer: a sendonly audio and video section (trimmed). */
    static final String CHROMIUM_OFFER = "v=0\r\n"
            + "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"
            + "s=-\r\n"
            + "t=0 0\r\n"
            + "a=group:BUNDLE 0 1\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
            + "a=mid:0\r\n"
            + "a=sendonly\r\n"
            + "a=rtpmap:111 opus/48000/2\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98\r\n"
            + "a=mid:1\r\n"
            + "a=sendonly\r\n"
            + "a=rtpmap:96 VP8/90000\r\n"
            + "a=rtpmap:97 rtx/90000\r\n"
            + "a=fmtp:97 apt=96\r\n"
            + "a=rtpmap:98 H264/90000\r\n";

    @Test
    void aSentVideoSectionInADecodedCodecIsPublishable() {
        assertEquals(Optional.empty(), PublishOffer.problem(CHROMIUM_OFFER));
        assertEquals(
                Optional.empty(),
                PublishOffer.problem(CHROMIUM_OFFER.replace("a=sendonly\r\na=rtpmap:96", "a=sendrecv\r\na=rtpmap:96")),
                "sendrecv sends too");
        assertEquals(
                Optional.empty(),
                PublishOffer.problem(CHROMIUM_OFFER.replace("\r\n", "\n")),
                "bare line feeds are read too");
    }

    @Test
    void anOfferWithoutVideoIsRefused() {
        String audioOnly = CHROMIUM_OFFER.substring(0, CHROMIUM_OFFER.indexOf("m=video"));

        assertTrue(PublishOffer.problem(audioOnly).orElseThrow().contains("no video section"));
    }

    @Test
    void videoThatIsNotSentIsRefused() {
        String receiveOnly = CHROMIUM_OFFER.replace("a=mid:1\r\na=sendonly", "a=mid:1\r\na=recvonly");
        String rejected = CHROMIUM_OFFER.replace("m=video 9", "m=video 0");

        assertTrue(PublishOffer.problem(receiveOnly).orElseThrow().contains("not sent"));
        assertTrue(PublishOffer.problem(rejected).orElseThrow().contains("not sent"));
    }

    @Test
    void videoInCodecsTheServerCannotDecodeIsRefusedByName() {
        String h265 = CHROMIUM_OFFER
                .replace("m=video 9 UDP/TLS/RTP/SAVPF 96 97 98", "m=video 9 UDP/TLS/RTP/SAVPF 96 100")
                .replace("a=rtpmap:96 VP8/90000", "a=rtpmap:96 H265/90000")
                .replace("a=rtpmap:98 H264/90000", "");

        String problem = PublishOffer.problem(h265).orElseThrow();

        assertTrue(problem.contains("H265") && problem.contains("payload type 100"), problem);
        assertTrue(problem.contains("VP8"), "says what would do: " + problem);
    }

    @Test
    void textThatIsNoOfferIsRefused() {
        assertTrue(PublishOffer.problem("hello").orElseThrow().contains("SDP offer"));
        assertTrue(PublishOffer.problem("").orElseThrow().contains("SDP offer"));
        assertTrue(PublishOffer.problem("v=0\r\nm=video\r\n").orElseThrow().contains("no video section"));
    }
}
