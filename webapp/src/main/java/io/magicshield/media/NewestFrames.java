package io.magicshield.media;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Hands frames from the decoder thread to the frame worker, keeping only the newest few: a producer never waits,
 * and a frame the worker had no time for is released (once) and counted as dropped. Work per frame then bounds
 * latency instead of queueing it (webrtc-java.md: blocking the decoder thread made latency grow without bound).
 * <p>
 * Why more than one: on a busy machine WebRTC hands decoded frames over in bursts (its decoder thread waits for a
 * core, then delivers two frames a millisecond apart). Keeping only the newest dropped the first of every such pair
 * although the worker had time for both; keeping two absorbs the burst, and a worker that is really too slow still
 * drops frames (and the {@link LoadGovernor} sees it) with at most one extra frame of latency.
 */
public final class NewestFrames<T> {

    private final int capacity;
    private final Consumer<? super T> release;
    private final ArrayDeque<T> pending;
    private boolean closed;

    /**
     * @param capacity frames kept for the worker; a newer one beyond them drops the oldest
     * @param release  gives up our reference to a frame; called exactly once for every frame never taken
     */
    public NewestFrames(int capacity, Consumer<? super T> release) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.release = release;
        this.pending = new ArrayDeque<>(capacity);
    }

    /**
     * Called by the producer; never blocks. After {@link #close()} the frame is released at once.
     *
     * @return true when this pushed out a frame the worker had not taken (that frame is dropped)
     */
    public boolean offer(T frame) {
        T released;
        boolean dropped;
        synchronized (this) {
            if (closed) {
                released = frame;
                dropped = false;
            } else {
                released = pending.size() == capacity ? pending.pollFirst() : null;
                dropped = released != null;
                pending.addLast(frame);
                notifyAll();
            }
        }
        if (released != null) {
            release.accept(released);
        }
        return dropped;
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
        return pending.pollFirst();
    }

    /** Releases the frames still waiting and wakes the worker; later offers are released immediately. */
    public void close() {
        T[] left;
        synchronized (this) {
            closed = true;
            @SuppressWarnings("unchecked")
            T[] frames = (T[]) pending.toArray();
            left = frames;
            pending.clear();
            notifyAll();
        }
        for (T frame : left) {
            release.accept(frame);
        }
    }
}
