package io.magicshield.rtc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The page's ICE candidates for one peer: those that arrive before the offer is applied wait for it. */
final class RemoteCandidates {

    private static final Logger LOG = Logger.getLogger(RemoteCandidates.class.getName());
    /**
     * Enough for every candidate a browser gathers; more is abuse: each remote candidate makes WebRTC send
     * connectivity checks, so a page that sent thousands would turn the server into a packet source.
     */
    private static final int MAX = 64;

    private final String sessionId;
    private final Consumer<IceCandidate> connection;
    private final Object lock = new Object();
    private final List<IceCandidate> early = new ArrayList<>();
    private int received;
    private boolean descriptionSet;

    /** @param connection adds a candidate to the peer connection; throws IllegalArgumentException if it cannot */
    RemoteCandidates(String sessionId, Consumer<IceCandidate> connection) {
        this.sessionId = sessionId;
        this.connection = connection;
    }

    /** @throws IllegalArgumentException when WebRTC cannot parse the candidate, or the page sent too many */
    void add(IceCandidate candidate) {
        synchronized (lock) {
            if (++received > MAX) {
                throw new IllegalArgumentException("more than " + MAX + " candidates");
            }
            if (!descriptionSet) {
                early.add(candidate);
                return;
            }
        }
        connection.accept(candidate);
    }

    /** The offer is applied: the candidates that waited for it go in now; one WebRTC refuses is skipped. */
    void descriptionSet() {
        List<IceCandidate> waiting;
        synchronized (lock) {
            descriptionSet = true;
            waiting = List.copyOf(early);
            early.clear();
        }
        // outside the lock: WebRTC calls from other threads wait for this (signaling) thread
        for (IceCandidate candidate : waiting) {
            try {
                connection.accept(candidate);
            } catch (IllegalArgumentException e) {
                LOG.log(Level.FINE, "session " + sessionId + ": early candidate rejected", e);
            }
        }
    }
}
