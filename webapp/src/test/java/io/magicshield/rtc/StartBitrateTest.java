package io.magicshield.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StartBitrateTest {

    /** The shape of Chromium's offer: audio first, VP8 without fmtp, VP9 and H264 with, their RTX payloads, RED. */
    private static final String OFFER = String.join(
            "\r\n",
            "v=0",
            "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "a=rtpmap:111 opus/48000/2",
            "a=fmtp:111 minptime=10;useinbandfec=1",
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 127 116",
            "a=mid:1",
            "a=rtpmap:96 VP8/90000",
            "a=rtcp-fb:96 nack",
            "a=rtpmap:97 rtx/90000",
            "a=fmtp:97 apt=96",
            "a=rtpmap:98 VP9/90000",
            "a=fmtp:98 profile-id=0",
            "a=rtpmap:99 H264/90000",
            "a=fmtp:99 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
            "a=rtpmap:127 AV1/90000",
            "a=fmtp:127 x-google-start-bitrate=500",
            "a=rtpmap:116 red/90000",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
            "a=sctp-port:5000",
            "");

    @Test
    void everyVideoCodecStartsAtTheBitrateAndNothingElseChanges() {
        // exactly three changes: VP8 gets an fmtp line, VP9 and H264 a parameter more; AV1 keeps the page's 500
        String expected = changed(
                changed(
                        changed(
                                OFFER,
                                "a=rtpmap:96 VP8/90000\r\n",
                                "a=rtpmap:96 VP8/90000\r\na=fmtp:96 x-google-start-bitrate=1000\r\n"),
                        "a=fmtp:98 profile-id=0\r\n",
                        "a=fmtp:98 profile-id=0;x-google-start-bitrate=1000\r\n"),
                "profile-level-id=42e01f\r\n",
                "profile-level-id=42e01f;x-google-start-bitrate=1000\r\n");
        assertEquals(expected, new StartBitrate(1000).applyTo(OFFER));
    }

    private static String changed(String text, String from, String to) {
        assertTrue(text.contains(from), from);
        return text.replace(from, to);
    }

    @Test
    void bareNewlinesStayBareAndZeroLeavesTheOfferAlone() {
        String bare = OFFER.replace("\r\n", "\n");
        String applied = new StartBitrate(2000).applyTo(bare);
        assertTrue(applied.contains("\na=rtpmap:96 VP8/90000\na=fmtp:96 x-google-start-bitrate=2000\n"), applied);
        assertTrue(!applied.contains("\r"), applied);
        assertEquals(OFFER, new StartBitrate(0).applyTo(OFFER));
        String audioOnly = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n";
        assertEquals(audioOnly, new StartBitrate(1000).applyTo(audioOnly));
    }

    @Test
    void aBitrateOutOfRangeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StartBitrate(50));
        assertEquals("the start bitrate must be 0 (libwebrtc's own) or from 100 to 10000 kbps, got 50", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StartBitrate(20_000));
        assertThrows(IllegalArgumentException.class, () -> new StartBitrate(-1));
    }
}
