package io.magicshield.session;

import java.util.Locale;

/** Why a session ended; {@link #wireName()} is what the {@code ended} message carries. */
public enum EndReason {
    STOPPED,
    SOCKET_CLOSED,
    TIME_LIMIT,
    OFFER_TIMEOUT,
    MEDIA_TIMEOUT,
    ICE_FAILED,
    CONNECTION_LOST,
    NEGOTIATION_FAILED,
    EFFECT_FAILED,
    PROTOCOL_ERROR,
    SERVER_SHUTDOWN,
    /**
     * A drained server reached its drain deadline (docs/cluster.md): the page connects again through the balancer,
     * which sends it to another server.
     */
    MOVED,
    /** A viewer's room ended: no participant came back within the grace period. */
    ROOM_ENDED,
    /** A WHEP player's stream ended: its participant left the room. */
    STREAM_ENDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
