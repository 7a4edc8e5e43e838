package io.magicshield.media;

/** Where the media path reports what happens to frames (per session and server-wide). */
public interface FrameCounters {

    /** A decoded camera frame arrived (decoder thread: must be cheap). */
    void frameReceived();

    /** A frame was replaced by a newer one before the worker took it. */
    void frameDropped();

    /** The worker sent a processed frame back. */
    void frameProcessed(long processingNanos, EffectOutcome outcome);
}
