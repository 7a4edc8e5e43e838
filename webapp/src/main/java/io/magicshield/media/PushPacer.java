package io.magicshield.media;

import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Spaces the frames one worker pushes to its outgoing video source at least {@link #MIN_INTERVAL_NANOS} apart.
 * <p>
 * Why: libwebrtc's video adapter in front of the encoder passes at most 60 frames a second and silently drops a frame
 * that comes sooner than that after the one before. A worker that fell behind (an inference frame on a busy
 * machine) caught up by pushing its waiting frames a fraction of a millisecond apart, and WebRTC threw most of them
 * away: 1.5-6% of four sessions' frames on a 2-core server, counted nowhere on the server (docs/performance.md).
 * Paced, a backlog still clears about twice as fast as a 30 fps camera fills it, and a frame that would wait too long
 * is dropped by the handoff instead, where it is counted and the {@link LoadGovernor} sees it.
 */
final class PushPacer {

    /** A frame time at 60 fps and a little more: the adapter's clock and ours are read at slightly different times. */
    static final long MIN_INTERVAL_NANOS = 1_000_000_000L / 60 + 500_000;

    private final LongSupplier clock;
    private final LongConsumer park;
    private long lastPushNanos;
    private boolean pushed;

    /**
     * @param clock nanoseconds, e.g. {@code System::nanoTime}
     * @param park  waits about that many nanoseconds, e.g. {@code LockSupport::parkNanos} (may return early)
     */
    PushPacer(LongSupplier clock, LongConsumer park) {
        this.clock = clock;
        this.park = park;
    }

    /** Waits until the next push may go; call it right before each push. */
    void awaitTurn() {
        if (pushed) {
            long wait;
            while ((wait = lastPushNanos + MIN_INTERVAL_NANOS - clock.getAsLong()) > 0) {
                park.accept(wait);
            }
        }
        pushed = true;
        lastPushNanos = clock.getAsLong();
    }
}
