package io.magicshield.signaling;

/**
 * Where a connection is in the protocol, and which messages it accepts there:
 * OPEN -start or join-> STARTED -offer-> NEGOTIATED; {@code stop}, a refusal, an end or a fatal error -> ENDED.
 */
public enum ProtocolState {
    OPEN,
    STARTED,
    NEGOTIATED,
    ENDED;

    /** @throws ProtocolException OUT_OF_ORDER, saying what would be accepted instead */
    public void check(ClientMessage message) throws ProtocolException {
        String problem = switch (this) {
            case OPEN ->
                message instanceof ClientMessage.Start
                                || message instanceof ClientMessage.Join
                                || message instanceof ClientMessage.Stop
                        ? null
                        : "send 'start' (or 'join') first";
            case STARTED ->
                message instanceof ClientMessage.Start || message instanceof ClientMessage.Join
                        ? "the session has already started"
                        : message instanceof ClientMessage.Ice ? "send the 'offer' before candidates" : null;
            case NEGOTIATED ->
                message instanceof ClientMessage.Start || message instanceof ClientMessage.Join
                        ? "the session has already started"
                        : message instanceof ClientMessage.Offer
                                ? "one offer per session: renegotiation is not supported"
                                : null;
            case ENDED -> "the session has ended";
        };
        if (problem != null) {
            throw new ProtocolException(ErrorCode.OUT_OF_ORDER, problem);
        }
    }
}
