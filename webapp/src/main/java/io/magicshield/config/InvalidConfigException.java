package io.magicshield.config;

/** A configuration value that cannot be used; the message names the property. Fails the deployment. */
public class InvalidConfigException extends RuntimeException {

    public InvalidConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
