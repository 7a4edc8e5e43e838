package io.magicshield.media;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Hands frames from the decoder thread to the frame worker in order, dropping only frames that have waited too long:
 * a producer never waits, and a frame the worker had no time for is released (once) and counted as dropped. Work
 * per frame then bounds latency instead of queueing it (webrtc-java.md: blocking the decoder thread made latency
 * grow without bound).
 * <p>
 * Why a bound in time rather than "the newest frame only": on a busy machine WebRTC hands decoded frames over in
 * bursts (its decoder thread waits for a core, then delivers several frames a millisecond apart). Keeping only the
 * newest one or two dropped the rest of every burst although the worker had time for them all: keeping two, a
 * 2-core server lost 6-9% of four sessions' frames that way (docs/performance.md). Now a waiting frame is dropped once a newer one has
 * come and it has waited longer than {@code maxWait}: a burst goes through whole, and a worker that is really too
 * slow still drops frames (the {@link LoadGovernor} sees it) with at most {@code maxWait} of extra latency. A count
 * bound caps the native buffers held whatever the timing.
 */
public final class NewestFrames<T> {

    private record Waiting<T>(T frame, long sinceNanos) {}

    private final int capacity;
    private final long maxWaitNanos;
    private final LongSupplier clock;
    private final Consumer<? super T> release;
    private final ArrayDeque<Waiting<T>> pending;
    private boolean closed;

    /**
     * @param capacity     frames kept at most; a newer one beyond them drops the oldest
     * @param maxWaitNanos a frame that waited longer is dropped when a newer one arrives
     * @param clock        nanoseconds, e.g. {@code System::nanoTime}
     * @param release      gives up our reference to a frame; called exactly once for every frame never taken
     */
    public NewestFrames(int capacity, long maxWaitNanos, LongSupplier clock, Consumer<? super T> release) {
        if (capacity < 1 || maxWaitNanos < 0) {
            throw new IllegalArgumentException(
                    "need capacity >= 1 and maxWait >= 0, got " + capacity + ", " + maxWaitNanos + " ns");
        }
        this.capacity = capacity;
        this.maxWaitNanos = maxWaitNanos;
        this.clock = clock;
        this.release = release;
        this.pending = new ArrayDeque<>(capacity);
    }

    /**
     * Called by the producer; never blocks. After {@link #close()} the frame is released at once.
     *
     * @return how many waiting frames this pushed out (each is dropped: released, never taken)
     */
    public int offer(T frame) {
        // runs 30 times a second per session on the decoder thread: no list unless something is dropped
        List<T> dropped = List.of();
        boolean kept;
        synchronized (this) {
            kept = !closed;
            if (kept) {
                long now = clock.getAsLong();
                while (!pending.isEmpty()
                        && (pending.size() == capacity
                                || now - pending.peekFirst().sinceNanos() > maxWaitNanos)) {
                    if (dropped.isEmpty()) {
                        dropped = new ArrayList<>(2);
                    }
                    dropped.add(pending.pollFirst().frame());
                }
                pending.addLast(new Waiting<>(frame, now));
                notifyAll();
            }
        }
        // frames are released outside the lock: a native release must not hold up the worker's take()
        if (!kept) {
            release.accept(frame);
        }
        dropped.forEach(release);
        return dropped.size();
    }

    /**
     * Waits for the oldest frame kept; the caller owns it.
     *
     * @return null once closed
     */
    public synchronized T take() throws InterruptedException {
        while (pending.isEmpty() && !closed) {
            wait();
        }
        Waiting<T> next = pending.pollFirst();
        return next == null ? null : next.frame();
    }

    /** Releases the frames still waiting and wakes the worker; later offers are released immediately. */
    public void close() {
        ArrayDeque<Waiting<T>> left;
        synchronized (this) {
            closed = true;
            left = new ArrayDeque<>(pending);
            pending.clear();
            notifyAll();
        }
        left.forEach(waiting -> release.accept(waiting.frame()));
    }
}
