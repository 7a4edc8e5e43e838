package io.magicshield.source;

/**
 * A source the server will not start: a URL it will not open, or no place for one more; the message is for the
 * operator and names no credential.
 */
public final class SourceRefusedException extends Exception {

    /** Why: the URL itself (asking again will not help), or the server's capacity (it may, later). */
    public enum Reason {
        POLICY,
        CAPACITY
    }

    private final Reason reason;

    /** A URL the policy refuses. */
    public SourceRefusedException(String message) {
        this(Reason.POLICY, message);
    }

    private SourceRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** No place for one more source now: the sources' cap, or the rooms'. */
    static SourceRefusedException full(String message) {
        return new SourceRefusedException(Reason.CAPACITY, message);
    }

    public Reason reason() {
        return reason;
    }
}
