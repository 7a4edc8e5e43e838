package io.magicshield.session;

/** A session start that admission control (or the server's state) refused; the message is for the user. */
public class SessionRefusedException extends Exception {

    private final RefusalReason reason;

    public SessionRefusedException(RefusalReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RefusalReason reason() {
        return reason;
    }
}
