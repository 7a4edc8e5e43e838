package io.magicshield.source;

import java.time.Instant;

/**
 * What a source is doing, for {@code GET /api/sources}: its state, the stream it plays as, what it decoded, and its
 * failures (the last error, the retries, the gap without frames now and the longest one it recovered from).
 */
public record SourceStatus(
        String id,
        String url,
        State state,
        String streamId,
        int width,
        int height,
        long frames,
        long loops,
        long retries,
        String lastError,
        Instant lastErrorAt,
        double gapSeconds,
        double longestGapSeconds,
        double firstFrameSeconds) {

    public enum State {
        /** Opening the source for the first time. */
        STARTING,
        /** Frames flow into the stream. */
        LIVE,
        /** The source failed; it is opened again after a backoff, and the stream shows a grey picture meanwhile. */
        RETRYING,
        /** Deleted: the thread has ended or is ending. */
        STOPPED
    }
}
