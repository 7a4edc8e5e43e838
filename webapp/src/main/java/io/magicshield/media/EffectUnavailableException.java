package io.magicshield.media;

/** The frame effect cannot run on this server; the message says why in words an operator can act on. */
public class EffectUnavailableException extends RuntimeException {

    public EffectUnavailableException(String message) {
        super(message);
    }

    public EffectUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
