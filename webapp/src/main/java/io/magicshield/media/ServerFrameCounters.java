package io.magicshield.media;

import io.magicshield.core.FrameOutcome;
import io.magicshield.metrics.ServerMetrics;

/** The server-wide frame counters: what the media path reports, in the terms of {@link ServerMetrics}. */
public final class ServerFrameCounters implements FrameCounters {

    private final ServerMetrics metrics;

    public ServerFrameCounters(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void frameReceived() {
        metrics.frameReceived();
    }

    @Override
    public void frameDropped() {
        metrics.frameDropped();
    }

    @Override
    public void frameProcessed(long processingNanos, FrameOutcome outcome) {
        metrics.frameProcessed(processingNanos, outcome.shieldsDrawn() > 0);
    }

    @Override
    public void frameReleased() {
        metrics.frameReleased();
    }

    @Override
    public void outputBufferAllocated() {
        metrics.outputBufferAllocated();
    }

    @Override
    public void outputBufferReleased() {
        metrics.outputBufferReleased();
    }
}
