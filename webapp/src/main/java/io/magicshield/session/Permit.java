package io.magicshield.session;

import java.util.concurrent.atomic.AtomicBoolean;

/** One admitted session's slot; closing it (once, whatever happens) frees the slot. */
public final class Permit implements AutoCloseable {

    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param release frees the slot */
    Permit(Runnable release) {
        this.release = release;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
