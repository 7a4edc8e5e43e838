package io.magicshield.media;

import io.magicshield.core.FrameOutcome;

/**
 * Where the media path reports what happens to frames (per session and server-wide), including every reference to
 * a native frame buffer it takes and gives back: WebRTC's buffers are reference-counted by hand, so a missed
 * release is a leak of native memory that only these counts can show.
 */
public interface FrameCounters {

    /** A decoded camera frame arrived (decoder thread: must be cheap). We now hold a reference to it. */
    void frameReceived();

    /** A frame was replaced by a newer one before the worker took it. */
    void frameDropped();

    /** The worker sent a processed frame back. */
    void frameProcessed(long processingNanos, FrameOutcome outcome);

    /** A camera frame's reference was given back (exactly once per received frame, processed or dropped). */
    void frameReleased();

    /** An output buffer was allocated; the pool holds a reference to it. */
    void outputBufferAllocated();

    /** The pool gave up its reference to an output buffer (the encoder may still hold its own for a while). */
    void outputBufferReleased();
}
