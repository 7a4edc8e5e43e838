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
 * @param serverDelay   the time a frame spends in the server's WebRTC over the interval, stage by stage; the effect's
 *                      own time is reported beside it
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
        ServerDelay serverDelay) {

    /**
     * Per frame over the interval, in ms (NaN where no frame passed the stage): the camera frame's time in the
     * server's jitter buffer ({@code jitterTargetMs}: the delay the buffer aimed at), its decoding, the processed
     * frame's encoding, and its packets' time in the pacer.
     */
    public record ServerDelay(
            double jitterBufferMs, double jitterTargetMs, double decodeMs, double encodeMs, double pacerMs) {

        /** A camera frame's way through the server's WebRTC, both directions; NaN before there were frames. */
        public double totalMs() {
            return jitterBufferMs + decodeMs + encodeMs + pacerMs;
        }
    }

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
                serverDelay(before, now));
    }

    private static ServerDelay serverDelay(LinkSample before, LinkSample now) {
        long emitted = now.jitterBufferEmitted() - before.jitterBufferEmitted();
        long decoded = now.framesDecoded() - before.framesDecoded();
        return new ServerDelay(
                1000 * perItem(now.jitterBufferSeconds() - before.jitterBufferSeconds(), emitted),
                1000 * perItem(now.jitterTargetSeconds() - before.jitterTargetSeconds(), emitted),
                1000 * perItem(now.decodeSeconds() - before.decodeSeconds(), decoded),
                1000
                        * perItem(
                                now.outboundSeconds() - before.outboundSeconds(),
                                now.framesEncoded() - before.framesEncoded()),
                1000
                        * perItem(
                                now.sendDelaySeconds() - before.sendDelaySeconds(),
                                now.packetsSent() - before.packetsSent()));
    }

    private static double perItem(double total, long count) {
        return count > 0 ? total / count : Double.NaN;
    }
}
