package io.magicshield.core;

/** The native core cannot be used: its library, a model or the sprites failed to load. */
public class NativeCoreException extends RuntimeException {
    public NativeCoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
