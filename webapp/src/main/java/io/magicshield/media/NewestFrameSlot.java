package io.magicshield.media;

import java.util.function.Consumer;

/**
 * Hands frames from the decoder thread to the frame worker, keeping only the newest: a producer never waits,
 * and a frame the worker had no time for is released (once) and counted as dropped. Work per frame then bounds
 * latency instead of queueing it (webrtc-java.md: blocking the decoder thread made latency grow without bound).
 */
public final class NewestFrameSlot<T> {

    private final Consumer<? super T> release;
    private T pending;
    private boolean closed;

    /** @param release gives up our reference to a frame; called exactly once for every frame never taken */
    public NewestFrameSlot(Consumer<? super T> release) {
        this.release = release;
    }

    /**
     * Called by the producer; never blocks. After {@link #close()} the frame is released at once.
     *
     * @return true when this replaced a frame the worker had not taken (that frame is dropped)
     */
    public boolean offer(T frame) {
        T released;
        boolean dropped;
        synchronized (this) {
            if (closed) {
                released = frame;
                dropped = false;
            } else {
                released = pending;
                dropped = released != null;
                pending = frame;
                notifyAll();
            }
        }
        if (released != null) {
            release.accept(released);
        }
        return dropped;
    }

    /**
     * Waits for the next frame; the caller owns it.
     *
     * @return null once the slot is closed
     */
    public synchronized T take() throws InterruptedException {
        while (pending == null && !closed) {
            wait();
        }
        T frame = pending;
        pending = null;
        return frame;
    }

    /** Releases a frame still waiting and wakes the worker; later offers are released immediately. */
    public void close() {
        T left;
        synchronized (this) {
            closed = true;
            left = pending;
            pending = null;
            notifyAll();
        }
        if (left != null) {
            release.accept(left);
        }
    }
}
