package io.magicshield.media;

import io.magicshield.core.FrameOutcome;
import java.util.concurrent.atomic.AtomicLong;

/** One session's frame counters; forwards every event to the server-wide counters too. */
public final class MediaStats implements FrameCounters {

    /** About three seconds of frames at 30 fps. */
    private static final int PROCESSING_WINDOW = 90;

    private final FrameCounters server;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong withShield = new AtomicLong();
    private final SampleWindow processingMs = new SampleWindow(PROCESSING_WINDOW);
    private volatile int hands;

    public MediaStats(FrameCounters server) {
        this.server = server;
    }

    @Override
    public void frameReceived() {
        received.incrementAndGet();
        server.frameReceived();
    }

    @Override
    public void frameDropped() {
        dropped.incrementAndGet();
        server.frameDropped();
    }

    @Override
    public void frameProcessed(long processingNanos, FrameOutcome outcome) {
        processed.incrementAndGet();
        if (outcome.shieldsDrawn() > 0) {
            withShield.incrementAndGet();
        }
        hands = outcome.hands();
        processingMs.add(processingNanos / 1e6);
        server.frameProcessed(processingNanos, outcome);
    }

    @Override
    public void frameReleased() {
        server.frameReleased();
    }

    @Override
    public void outputBufferAllocated() {
        server.outputBufferAllocated();
    }

    @Override
    public void outputBufferReleased() {
        server.outputBufferReleased();
    }

    public Snapshot snapshot() {
        return new Snapshot(
                received.get(), dropped.get(), processed.get(), withShield.get(), hands, processingMs.median());
    }

    public record Snapshot(
            long received, long dropped, long processed, long withShield, int hands, double processingMsMedian) {}
}
