package io.magicshield.signaling;

import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.CloseReason.CloseCodes;

/**
 * The {@code code} of an {@code error} message. A recoverable error leaves the connection as it was (the message
 * that caused it is ignored); any other closes the connection with {@link #closeCode()} after the error message.
 */
public enum ErrorCode {
    BAD_JSON(null),
    UNKNOWN_TYPE(null),
    BAD_FIELD(null),
    TOO_LARGE(null),
    OUT_OF_ORDER(null),
    /** An uploaded background picture is too large, not a PNG or JPEG, of refused dimensions or damaged. */
    IMAGE_REFUSED(null),
    /** The {@code image} background was chosen before a picture was uploaded. */
    NO_IMAGE(null),
    TOO_MANY_ERRORS(CloseCodes.VIOLATED_POLICY),
    SERVER_FULL(CloseCodes.TRY_AGAIN_LATER),
    CPU_BUSY(CloseCodes.TRY_AGAIN_LATER),
    RATE_LIMITED(CloseCodes.TRY_AGAIN_LATER),
    ORIGIN_REFUSED(CloseCodes.VIOLATED_POLICY),
    /** Try again later rather than policy: behind one NAT address, a person's socket is refused for others' tabs. */
    TOO_MANY_SOCKETS(CloseCodes.TRY_AGAIN_LATER),
    UNAVAILABLE(CloseCodes.TRY_AGAIN_LATER),
    /** The room does not exist or has ended (a malformed id included). */
    ROOM_NOT_FOUND(CloseCodes.NORMAL_CLOSURE),
    /**
     * The room is open on another server of the cluster: the page loaded without the route to it (docs/cluster.md);
     * loading the room's page again sets it.
     */
    ROOM_ELSEWHERE(CloseCodes.TRY_AGAIN_LATER),
    /** The room has as many participants (or viewers) as it may. */
    ROOM_FULL(CloseCodes.TRY_AGAIN_LATER),
    INTERNAL(CloseCodes.UNEXPECTED_CONDITION);

    private final CloseCode closeCode;

    ErrorCode(CloseCode closeCode) {
        this.closeCode = closeCode;
    }

    public boolean recoverable() {
        return closeCode == null;
    }

    /** @return how the connection is closed after this error; null when it stays open */
    public CloseCode closeCode() {
        return closeCode;
    }
}
