package io.magicshield.load;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import io.magicshield.it.Await;
import io.magicshield.it.rtc.StreamingClient;
import java.time.Duration;
import java.util.Map;

/**
 * The client peer's own WebRTC counters at one moment (getStats(): the outbound camera stream and the inbound
 * processed stream), so that a window can say where the client's part of the loop went: encoding the camera frame,
 * its packets waiting in the send queue (the pacer), the processed frame waiting in the jitter buffer, decoding it.
 * What the loop takes beyond these and the server's processing is the server's own WebRTC: its jitter buffer,
 * decoder, encoder and send queue.
 */
record ClientRtcStats(
        long framesCaptured,
        double encodeSeconds,
        long framesEncoded,
        double sendDelaySeconds,
        long packetsSent,
        double jitterBufferSeconds,
        long framesEmitted,
        double decodeSeconds,
        long framesDecoded,
        long framesDroppedOnReceipt,
        double targetBitrate) {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ClientRtcStats NONE = new ClientRtcStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    static ClientRtcStats of(StreamingClient client) {
        RTCStatsReport report = Await.result(client.rtcStats(), TIMEOUT, "the client's getStats()");
        Map<String, Object> source = attributes(report, RTCStatsType.MEDIA_SOURCE);
        Map<String, Object> out = attributes(report, RTCStatsType.OUTBOUND_RTP);
        Map<String, Object> in = attributes(report, RTCStatsType.INBOUND_RTP);
        if (source == null || out == null || in == null) {
            return NONE;
        }
        return new ClientRtcStats(
                (long) number(source, "frames"),
                number(out, "totalEncodeTime"),
                (long) number(out, "framesEncoded"),
                number(out, "totalPacketSendDelay"),
                (long) number(out, "packetsSent"),
                number(in, "jitterBufferDelay"),
                (long) number(in, "jitterBufferEmittedCount"),
                number(in, "totalDecodeTime"),
                (long) number(in, "framesDecoded"),
                (long) number(in, "framesDropped"),
                number(out, "targetBitrate"));
    }

    /**
     * The client's part of the loop between two readings, in milliseconds: per camera frame encoding, per packet
     * waiting in the send queue, per processed frame waiting in the jitter buffer and decoding; and the camera
     * stream's target bitrate at the end. And where the client itself lost frames: camera frames its encoder
     * skipped (it does when it falls behind or the bitrate runs short) and processed frames it dropped on receipt.
     */
    record ClientLoop(
            double encodeMs,
            double sendQueueMs,
            double jitterBufferMs,
            double decodeMs,
            double targetKbps,
            long encoderSkipped,
            long droppedOnReceipt) {

        String describe() {
            return String.format(
                    "client encode %.1f ms, send queue %.1f ms, jitter buffer %.1f ms, decode %.1f ms, "
                            + "camera stream %.0f kbit/s; client encoder skipped %d, dropped on receipt %d",
                    encodeMs, sendQueueMs, jitterBufferMs, decodeMs, targetKbps, encoderSkipped, droppedOnReceipt);
        }
    }

    ClientLoop since(ClientRtcStats earlier) {
        return new ClientLoop(
                perItem(encodeSeconds - earlier.encodeSeconds, framesEncoded - earlier.framesEncoded),
                perItem(sendDelaySeconds - earlier.sendDelaySeconds, packetsSent - earlier.packetsSent),
                perItem(jitterBufferSeconds - earlier.jitterBufferSeconds, framesEmitted - earlier.framesEmitted),
                perItem(decodeSeconds - earlier.decodeSeconds, framesDecoded - earlier.framesDecoded),
                targetBitrate / 1000,
                Math.max(0, (framesCaptured - earlier.framesCaptured) - (framesEncoded - earlier.framesEncoded)),
                framesDroppedOnReceipt - earlier.framesDroppedOnReceipt);
    }

    private static double perItem(double seconds, long count) {
        return count <= 0 ? Double.NaN : 1000 * seconds / count;
    }

    private static Map<String, Object> attributes(RTCStatsReport report, RTCStatsType type) {
        return report.getStats().values().stream()
                .filter(s -> s.getType() == type)
                .map(RTCStats::getAttributes)
                .findFirst()
                .orElse(null);
    }

    private static double number(Map<String, Object> attributes, String name) {
        return attributes.get(name) instanceof Number n ? n.doubleValue() : 0;
    }
}
