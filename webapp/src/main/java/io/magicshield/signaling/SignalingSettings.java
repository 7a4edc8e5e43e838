package io.magicshield.signaling;

/**
 * @param maxMessageBytes largest accepted client message (an SDP offer is 3-10 KB)
 * @param maxErrors       recoverable protocol errors a connection may make before it is closed
 */
public record SignalingSettings(int maxMessageBytes, int maxErrors, OriginPolicy origins) {

    public SignalingSettings {
        if (maxMessageBytes < 1024 || maxMessageBytes > SignalingEndpoint.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("max message size must be from 1024 to "
                    + SignalingEndpoint.MAX_MESSAGE_BYTES + " bytes, got " + maxMessageBytes);
        }
        if (maxErrors < 1) {
            throw new IllegalArgumentException("max errors must be at least 1, got " + maxErrors);
        }
    }
}
