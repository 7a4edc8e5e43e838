package io.magicshield.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsType;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** webrtc-java's stats as it delivers them: boxed Long, Integer, Double and BigInteger attributes. */
class LinkSampleTest {

    private static Map<String, Object> attributes(Object... namesAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private static RTCStats stats(RTCStatsType type, String id, Map<String, Object> attributes) {
        return new RTCStats(0, type, id, attributes) {};
    }

    private static List<RTCStats> report(
            long bytesSent, long framesSent, long cameraReceived, int cameraLost, long nacks) {
        return List.of(
                stats(RTCStatsType.TRANSPORT, "T01", attributes("selectedCandidatePairId", "CPb")),
                // a pair that is not the selected one must not be read
                stats(
                        RTCStatsType.CANDIDATE_PAIR,
                        "CPa",
                        attributes("availableOutgoingBitrate", 9e6, "nominated", true)),
                stats(
                        RTCStatsType.CANDIDATE_PAIR,
                        "CPb",
                        attributes("availableOutgoingBitrate", 812_345.0, "currentRoundTripTime", 0.031)),
                stats(
                        RTCStatsType.OUTBOUND_RTP,
                        "OT1",
                        attributes(
                                "kind",
                                "video",
                                "frameWidth",
                                320L,
                                "frameHeight",
                                240L,
                                "framesSent",
                                framesSent,
                                "bytesSent",
                                BigInteger.valueOf(bytesSent),
                                "nackCount",
                                nacks,
                                "pliCount",
                                2L,
                                "qualityLimitationReason",
                                "bandwidth",
                                "totalEncodeTime",
                                framesSent * 0.004,
                                "framesEncoded",
                                framesSent,
                                "totalPacketSendDelay",
                                framesSent * 0.002,
                                "packetsSent",
                                BigInteger.valueOf(framesSent))),
                stats(
                        RTCStatsType.REMOTE_INBOUND_RTP,
                        "RI1",
                        attributes("kind", "video", "fractionLost", 0.05, "packetsLost", 7)),
                stats(
                        RTCStatsType.INBOUND_RTP,
                        "IT1",
                        attributes(
                                "kind",
                                "video",
                                "packetsReceived",
                                cameraReceived,
                                "packetsLost",
                                cameraLost,
                                "frameWidth",
                                640L,
                                "frameHeight",
                                480L,
                                "nackCount",
                                4L,
                                "pliCount",
                                1L,
                                "jitterBufferDelay",
                                framesSent * 0.010,
                                "jitterBufferTargetDelay",
                                framesSent * 0.025,
                                "jitterBufferEmittedCount",
                                framesSent,
                                "framesDecoded",
                                framesSent,
                                "totalDecodeTime",
                                framesSent * 0.003)),
                stats(RTCStatsType.INBOUND_RTP, "IA1", attributes("kind", "audio", "packetsReceived", 99_999L)),
                stats(RTCStatsType.CODEC, "C1", attributes("mimeType", "video/VP8")));
    }

    @Test
    void readsTheSelectedPairAndTheVideoStreams() {
        LinkSample sample = LinkSample.of(5_000_000, report(100_000, 90, 1000, 10, 3));
        assertEquals(812.345, sample.estimateKbps(), 1e-9);
        assertEquals(31, sample.roundTripMs(), 1e-9);
        assertEquals(320, sample.sentWidth());
        assertEquals(240, sample.sentHeight());
        assertEquals("bandwidth", sample.limitation());
        assertEquals(0.05, sample.lossToPage());
        assertEquals(1000, sample.cameraReceived(), "the video's, not the audio's");
        assertEquals(640, sample.cameraWidth());
    }

    @Test
    void aReportWithoutTheFiguresGivesZerosAndNaNs() {
        LinkSample sample = LinkSample.of(0, List.of(stats(RTCStatsType.CODEC, "C1", attributes())));
        assertTrue(Double.isNaN(sample.estimateKbps()));
        assertTrue(Double.isNaN(sample.lossToPage()));
        assertEquals(0, sample.sentWidth());
        assertEquals("none", sample.limitation());
    }

    @Test
    void anIntervalGivesRatesAndCountsBetweenTwoSamples() {
        LinkSample before = LinkSample.of(1_000_000, report(100_000, 60, 1000, 10, 3));
        LinkSample after = LinkSample.of(3_000_000, report(150_000, 120, 1090, 20, 8));
        LinkReport interval = LinkReport.between(before, after);
        assertEquals(200, interval.sentKbps(), 1e-9, "50 000 bytes in 2 s");
        assertEquals(30, interval.sentFps(), 1e-9);
        assertEquals(0.1, interval.cameraLoss(), 1e-9, "10 lost of 100");
        assertEquals(5, interval.nacksReceived());
        assertEquals(0, interval.plisReceived());
        LinkReport.ServerDelay delay = interval.serverDelay();
        assertEquals(10, delay.jitterBufferMs(), 1e-6);
        assertEquals(25, delay.jitterTargetMs(), 1e-6);
        assertEquals(3, delay.decodeMs(), 1e-6);
        assertEquals(4, delay.encodeMs(), 1e-6);
        assertEquals(2, delay.pacerMs(), 1e-6);
        assertEquals(19, delay.totalMs(), 1e-6, "jitter buffer 10 + decode 3 + encode 4 + pacer 2 ms");
        assertNull(LinkReport.between(after, before), "out of order");
    }

    @Test
    void aStageNoFramePassedHasNoFigure() {
        LinkSample before = LinkSample.of(1_000_000, report(100_000, 60, 1000, 10, 3));
        LinkSample after = LinkSample.of(2_000_000, report(100_000, 60, 1000, 10, 3));
        LinkReport.ServerDelay delay = LinkReport.between(before, after).serverDelay();
        assertTrue(Double.isNaN(delay.jitterBufferMs()), "no camera frame left the jitter buffer");
        assertTrue(Double.isNaN(delay.pacerMs()), "no packet was sent");
        assertTrue(Double.isNaN(delay.totalMs()));
    }
}
