package io.magicshield.signaling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Open signaling sockets per client address, at most {@link SignalingSettings#maxSocketsPerAddress()} at once: a
 * socket takes a {@link Slot} when it opens and gives it back when it closes or fails (once, however many times that
 * is reported). Addresses with no open socket are forgotten, so memory follows the sockets open now. The address is
 * the one the start rate limit counts by ({@link ClientAddress}); where the container gives none, sockets are not
 * capped, since counting every client as one address would turn a per-client cap into a server-wide one.
 */
@ApplicationScoped
public class SocketsPerAddress {

    private final int max;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    /** For the CDI proxy only. */
    protected SocketsPerAddress() {
        max = 0;
    }

    @Inject
    public SocketsPerAddress(SignalingSettings settings) {
        this(settings.maxSocketsPerAddress());
    }

    SocketsPerAddress(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max sockets per address must be at least 1, got " + max);
        }
        this.max = max;
    }

    public int max() {
        return max;
    }

    /** @return a slot for one more socket from {@code address}; empty when the address holds {@link #max()} */
    public Optional<Slot> tryOpen(String address) {
        if (ClientAddress.UNKNOWN.equals(address)) {
            return Optional.of(new Slot(null));
        }
        boolean[] taken = {false};
        open.compute(address, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0] ? Optional.of(new Slot(address)) : Optional.empty();
    }

    /** Addresses with a socket open now. */
    int trackedAddresses() {
        return open.size();
    }

    private void release(String address) {
        open.computeIfPresent(address, (key, count) -> count == 1 ? null : count - 1);
    }

    /** One open socket's place in its address's count. */
    public final class Slot {

        private final String address;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String address) {
            this.address = address;
        }

        /** Gives the place back; later calls do nothing. */
        public void release() {
            if (released.compareAndSet(false, true) && address != null) {
                SocketsPerAddress.this.release(address);
            }
        }
    }
}
