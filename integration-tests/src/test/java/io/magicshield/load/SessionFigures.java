package io.magicshield.load;

/**
 * One session over one measured window.
 *
 * @param session           1 for the first session started, 2 for the second, ...
 * @param fps               processed frames that came back per second
 * @param sent              camera frames sent in the window
 * @param lost              of those, frames that never came back (dropped by the server, an encoder or the network)
 * @param unreadable        frames back whose marker could not be read (counted as lost above)
 * @param droppedAfterDecode frames the client's own WebRTC decoded in the window and then dropped before handing
 *                          them over: the client's share of the loss, not the server's (counted by decode time,
 *                          so one near the window's edge may belong to the neighbouring window's losses)
 * @param downscaled        frames back smaller than sent: WebRTC adapted the resolution (a CPU or bandwidth limit)
 * @param loopP50Ms         send to receive of the frames sent in the window: camera encode, network, server decode,
 *                          effect, server encode, network, decode
 * @param loopP99Ms         the same, 99th percentile
 * @param serverP50Ms       the server's own processing time per frame (median of its stats reports' medians)
 * @param serverDrops       frames the server skipped because they waited too long for its worker (its stats reports)
 * @param rttP50Ms          stats DataChannel ping to pong
 * @param firstFrameMs      from opening the signaling socket (a click on Start) to the first processed frame
 * @param clientLoop        the client's own WebRTC part of the loop (its getStats())
 */
record SessionFigures(
        int session,
        double fps,
        int sent,
        int lost,
        int unreadable,
        long droppedAfterDecode,
        int downscaled,
        double loopP50Ms,
        double loopP99Ms,
        double serverP50Ms,
        long serverDrops,
        double rttP50Ms,
        double firstFrameMs,
        ClientRtcStats.ClientLoop clientLoop) {

    double lossRatio() {
        return sent == 0 ? 1 : (double) lost / sent;
    }

    /** At least {@code minFps} back, less than {@code maxLoss} lost, and at the size sent. */
    boolean held(double minFps, double maxLoss) {
        return fps >= minFps && lossRatio() < maxLoss && downscaled == 0;
    }

    String describe() {
        return String.format(
                "session %d: %.1f fps back, %d sent, %d lost (%.2f%%; %d unreadable, %d dropped by the "
                        + "client after decoding), %d downscaled; "
                        + "loop p50 %.0f ms, p99 %.0f ms; server processing p50 %.1f ms, server drops %d; RTT p50 %.1f "
                        + "ms; first frame %.0f ms after start; %s",
                session,
                fps,
                sent,
                lost,
                lossRatio() * 100,
                unreadable,
                droppedAfterDecode,
                downscaled,
                loopP50Ms,
                loopP99Ms,
                serverP50Ms,
                serverDrops,
                rttP50Ms,
                firstFrameMs,
                clientLoop.describe());
    }
}
