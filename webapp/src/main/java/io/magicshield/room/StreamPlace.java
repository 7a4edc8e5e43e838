package io.magicshield.room;

/**
 * Where a participant's stream (or a room) is now, as this server knows it from its own rooms and the cluster's room
 * directory: what a WHEP request for it, or a WHIP publisher's join, is answered with (whep.WhepRoute).
 *
 * @param kind  where it is
 * @param route the route through the balancer of the server that hosts it, for {@link Kind#ELSEWHERE}; else null
 */
public record StreamPlace(Kind kind, String route) {

    public enum Kind {
        /** Its participant is in a room on this server. */
        HERE,
        /** Its room is on another running server of the cluster (which knows whether the participant is there). */
        ELSEWHERE,
        /** Its room was let go by a drained server and is opened again where its participants come back. */
        MOVING,
        /** Its room's server left the cluster (killed or stopped): the stream ended with that server. */
        GONE,
        /** No room or participant by that id: it never was, or it has ended. */
        NONE
    }

    public static StreamPlace of(Kind kind) {
        return new StreamPlace(kind, null);
    }

    public static StreamPlace elsewhere(String route) {
        return new StreamPlace(Kind.ELSEWHERE, route);
    }
}
