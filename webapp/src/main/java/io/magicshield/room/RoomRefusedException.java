package io.magicshield.room;

/** A room could not be created or joined; the message is for the user. */
public final class RoomRefusedException extends Exception {

    /** Why: each maps to one signaling error code and one HTTP status. */
    public enum Reason {
        /** No such room: never made, ended, or a malformed id. */
        NOT_FOUND,
        /** The room is open on another server of the cluster: the page takes the route to it when loaded again. */
        ELSEWHERE,
        /** The room has as many participants, or viewers, as it may. */
        ROOM_FULL,
        /** As many rooms as the server may hold are open. */
        TOO_MANY_ROOMS,
        /** This address created rooms too fast. */
        RATE_LIMITED
    }

    private final Reason reason;

    public RoomRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
