package io.magicshield.signaling;

/** A client message the protocol does not accept; the message is sent to the client as is. */
public class ProtocolException extends Exception {

    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
