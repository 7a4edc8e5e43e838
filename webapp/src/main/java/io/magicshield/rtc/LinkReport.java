package io.magicshield.rtc;

/**
 * How one peer's link did between two {@link LinkSample}s, as the server sees it: what goes to the page in each
 * stats report, next to what the page measures itself.
 *
 * @param estimateKbps the sender's bandwidth estimate now (NaN when it has none)
 * @param sentKbps     the processed video's payload rate over the interval
 * @param sentFps      processed frames sent per second over the interval
 * @param lossToPage   fraction of the processed video's packets lost on the way to the page (page's last report)
 * @param cameraLoss   fraction of the camera's packets lost on the way to the server over the interval
 * @param nacksReceived, plisReceived repair requests from the page over the interval
 * @param nacksSent, plisSent         repair requests to the camera over the interval
 * @param serverDelayMs the time a frame spends in the server's WebRTC over the interval, per frame: the camera
 *                      frame's jitter buffer and decoding, the processed frame's encoding and its packets' time in
 *                      the pacer (NaN before there were frames); the effect's own time is reported beside it
 */
public record LinkReport(
        double estimateKbps,
        double roundTripMs,
        int sentWidth,
        int sentHeight,
        double sentKbps,
        double sentFps,
        String limitation,
        double lossToPage,
        double cameraLoss,
        int cameraWidth,
        int cameraHeight,
        long nacksReceived,
        long plisReceived,
        long nacksSent,
        long plisSent,
        double serverDelayMs) {

    /** The interval from {@code before} to {@code now}; null when they are not in time order. */
    public static LinkReport between(LinkSample before, LinkSample now) {
        double seconds = (now.timestampMicros() - before.timestampMicros()) / 1e6;
        if (!(seconds > 0)) {
            return null;
        }
        long received = now.cameraReceived() - before.cameraReceived();
        long lost = now.cameraLost() - before.cameraLost();
        double cameraLoss = received + lost > 0 ? Math.max(0, lost) / (double) (received + lost) : 0;
        return new LinkReport(
                now.estimateKbps(),
                now.roundTripMs(),
                now.sentWidth(),
                now.sentHeight(),
                (now.bytesSent() - before.bytesSent()) * 8 / seconds / 1000,
                (now.framesSent() - before.framesSent()) / seconds,
                now.limitation(),
                now.lossToPage(),
                cameraLoss,
                now.cameraWidth(),
                now.cameraHeight(),
                now.nacksReceived() - before.nacksReceived(),
                now.plisReceived() - before.plisReceived(),
                now.nacksSent() - before.nacksSent(),
                now.plisSent() - before.plisSent(),
                serverDelayMs(before, now));
    }

    private static double serverDelayMs(LinkSample before, LinkSample now) {
        double in =
                perItem(now.inboundSeconds() - before.inboundSeconds(), now.framesDecoded() - before.framesDecoded());
        double encode =
                perItem(now.outboundSeconds() - before.outboundSeconds(), now.framesEncoded() - before.framesEncoded());
        double pacer =
                perItem(now.sendDelaySeconds() - before.sendDelaySeconds(), now.packetsSent() - before.packetsSent());
        return 1000 * (in + encode + pacer);
    }

    private static double perItem(double total, long count) {
        return count > 0 ? total / count : Double.NaN;
    }
}
