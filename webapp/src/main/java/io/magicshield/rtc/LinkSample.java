package io.magicshield.rtc;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsType;
import java.util.Collection;
import java.util.Map;

/**
 * The figures of one peer's WebRTC stats at one moment that say how its link is doing (the counters are totals since
 * the connection started; {@link LinkReport} takes the differences between two samples). The attributes come as
 * webrtc-java's boxed types (Long, Integer, Double, BigInteger), so every number is read through {@link Number}.
 *
 * @param estimateKbps      the send-side bandwidth estimate of the selected candidate pair (NaN before it has one)
 * @param roundTripMs       the pair's current round trip (STUN), NaN when not known
 * @param sentWidth         the size of the frames the server's encoder sent last (0 before any)
 * @param framesSent        the server's video frames sent
 * @param bytesSent         the server's video payload bytes sent
 * @param nacksReceived     NACKs the page sent for the server's video
 * @param plisReceived      picture loss indications (key frame requests) the page sent
 * @param limitation        the encoder's quality limitation ("bandwidth", "cpu", "none", "other")
 * @param lossToPage        the fraction of the server's video packets lost on the way to the page, from the page's
 *                          last receiver report (NaN before one)
 * @param cameraReceived    the camera's packets received
 * @param cameraLost        the camera's packets lost on the way to the server
 * @param cameraWidth       the size of the camera frames decoded last
 * @param nacksSent         NACKs the server sent for the camera's packets
 * @param plisSent          key frames the server asked the camera for (libwebrtc asks by itself after a loss it
 *                          cannot repair; webrtc-java 0.14 has no call for it)
 * @param jitterBufferSeconds the camera frames' total time in the server's jitter buffer, in seconds
 * @param jitterTargetSeconds the total of the delay the jitter buffer aimed at for each of those frames, in seconds
 * @param jitterBufferEmitted camera frames the jitter buffer let go
 * @param decodeSeconds     the camera frames' total time in the decoder, in seconds
 * @param framesDecoded     camera frames the server decoded
 * @param outboundSeconds   the processed frames' total time in the encoder, in seconds
 * @param framesEncoded     processed frames encoded
 * @param sendDelaySeconds  the processed video's packets' total time in the pacer, in seconds
 * @param packetsSent       the processed video's packets sent
 */
public record LinkSample(
        long timestampMicros,
        double estimateKbps,
        double roundTripMs,
        int sentWidth,
        int sentHeight,
        long framesSent,
        long bytesSent,
        long nacksReceived,
        long plisReceived,
        String limitation,
        double lossToPage,
        long cameraReceived,
        long cameraLost,
        int cameraWidth,
        int cameraHeight,
        long nacksSent,
        long plisSent,
        double jitterBufferSeconds,
        double jitterTargetSeconds,
        long jitterBufferEmitted,
        double decodeSeconds,
        long framesDecoded,
        double outboundSeconds,
        long framesEncoded,
        double sendDelaySeconds,
        long packetsSent) {

    /** Reads a stats report's entries; entries it does not know are ignored, missing figures are 0 or NaN. */
    public static LinkSample of(long timestampMicros, Collection<RTCStats> stats) {
        Map<String, Object> pair = Map.of();
        Map<String, Object> out = Map.of();
        Map<String, Object> remoteIn = Map.of();
        Map<String, Object> in = Map.of();
        String selectedPair = null;
        for (RTCStats entry : stats) {
            if (entry.getType() == RTCStatsType.TRANSPORT
                    && entry.getAttributes().get("selectedCandidatePairId") instanceof String id) {
                selectedPair = id;
            }
        }
        for (RTCStats entry : stats) {
            Map<String, Object> a = entry.getAttributes();
            boolean video = "video".equals(a.get("kind"));
            switch (entry.getType()) {
                case CANDIDATE_PAIR -> {
                    if (entry.getId().equals(selectedPair)
                            || selectedPair == null && Boolean.TRUE.equals(a.get("nominated"))) {
                        pair = a;
                    }
                }
                case OUTBOUND_RTP -> out = video ? a : out;
                case REMOTE_INBOUND_RTP -> remoteIn = video ? a : remoteIn;
                case INBOUND_RTP -> in = video ? a : in;
                default -> {
                    // codecs, candidates, certificates, the data channel: nothing about the link's state
                }
            }
        }
        return new LinkSample(
                timestampMicros,
                number(pair, "availableOutgoingBitrate", Double.NaN) / 1000,
                number(pair, "currentRoundTripTime", Double.NaN) * 1000,
                (int) number(out, "frameWidth", 0),
                (int) number(out, "frameHeight", 0),
                (long) number(out, "framesSent", 0),
                (long) number(out, "bytesSent", 0),
                (long) number(out, "nackCount", 0),
                (long) number(out, "pliCount", 0),
                out.get("qualityLimitationReason") instanceof String reason ? reason : "none",
                number(remoteIn, "fractionLost", Double.NaN),
                (long) number(in, "packetsReceived", 0),
                Math.max(0, (long) number(in, "packetsLost", 0)),
                (int) number(in, "frameWidth", 0),
                (int) number(in, "frameHeight", 0),
                (long) number(in, "nackCount", 0),
                (long) number(in, "pliCount", 0),
                number(in, "jitterBufferDelay", 0),
                number(in, "jitterBufferTargetDelay", 0),
                (long) number(in, "jitterBufferEmittedCount", 0),
                number(in, "totalDecodeTime", 0),
                (long) number(in, "framesDecoded", 0),
                number(out, "totalEncodeTime", 0),
                (long) number(out, "framesEncoded", 0),
                number(out, "totalPacketSendDelay", 0),
                (long) number(out, "packetsSent", 0));
    }

    private static double number(Map<String, Object> attributes, String name, double missing) {
        return attributes.get(name) instanceof Number n ? n.doubleValue() : missing;
    }
}
