package io.magicshield.session;

import java.util.concurrent.atomic.AtomicBoolean;

/** One admitted session's slot; closing it (once, whatever happens) frees the slot. */
public final class Permit implements AutoCloseable {

    private final AdmissionControl owner;
    private final AtomicBoolean closed = new AtomicBoolean();

    Permit(AdmissionControl owner) {
        this.owner = owner;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            owner.release();
        }
    }
}
