package io.magicshield.source;

/** A source that was allowed but failed: could not open, stalled, or does not fit; the message names no credential. */
public final class SourceFailedException extends Exception {

    public SourceFailedException(String message) {
        super(message);
    }
}
