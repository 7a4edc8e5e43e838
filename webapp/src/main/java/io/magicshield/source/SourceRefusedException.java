package io.magicshield.source;

/** A source URL the server will not open; the message is for the operator and names no credential. */
public final class SourceRefusedException extends Exception {

    public SourceRefusedException(String message) {
        super(message);
    }
}
