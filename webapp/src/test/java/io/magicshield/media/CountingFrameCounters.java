package io.magicshield.media;

import io.magicshield.core.FrameOutcome;

/** Counts what the media path reports, for tests that check every native reference is given back. */
final class CountingFrameCounters implements FrameCounters {

    int received;
    int released;
    int allocated;
    int freed;

    @Override
    public void frameReceived() {
        received++;
    }

    @Override
    public void frameDropped() {}

    @Override
    public void frameProcessed(long processingNanos, FrameOutcome outcome) {}

    @Override
    public void frameReleased() {
        released++;
    }

    @Override
    public void outputBufferAllocated() {
        allocated++;
    }

    @Override
    public void outputBufferReleased() {
        freed++;
    }
}
