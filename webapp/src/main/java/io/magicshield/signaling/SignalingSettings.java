package io.magicshield.signaling;

import io.magicshield.web.OriginPolicy;
import io.magicshield.web.TrustedProxies;
import java.time.Duration;

/**
 * @param maxMessageBytes largest accepted client message (an SDP offer is 3-10 KB)
 * @param maxErrors       recoverable protocol errors a connection may make before it is closed
 * @param keepAlive       how often a socket is pinged: well under the container's read timeout (WildFly: 90 s), which
 *                        closes a connection nothing was read from, and a streaming page sends nothing
 * @param maxSocketsPerAddress open sockets one client address may hold at once ({@link SocketsPerAddress})
 * @param trustedProxies  whose {@code X-Forwarded-For} names the client ({@link ClientAddress}): a cluster's
 *                        balancer, which every socket of a node comes through
 */
public record SignalingSettings(
        int maxMessageBytes,
        int maxErrors,
        OriginPolicy origins,
        Duration keepAlive,
        int maxSocketsPerAddress,
        TrustedProxies trustedProxies) {

    /**
     * Messages above this are refused with close 1009 while they arrive (by the endpoint), so a client
     * cannot make the server hold more; smaller ones above the configured message limit get a TOO_LARGE error and
     * the connection stays usable. (Undertow does not enforce maxMessageSize on a message that arrives over several
     * reads, so the parts are counted there.)
     */
    static final int MAX_MESSAGE_BYTES = 1024 * 1024;

    public SignalingSettings {
        if (keepAlive.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("keep-alive must be at least 1 s, got " + keepAlive);
        }
        if (maxMessageBytes < 1024 || maxMessageBytes > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException(
                    "max message size must be from 1024 to " + MAX_MESSAGE_BYTES + " bytes, got " + maxMessageBytes);
        }
        if (maxErrors < 1) {
            throw new IllegalArgumentException("max errors must be at least 1, got " + maxErrors);
        }
        if (maxSocketsPerAddress < 1) {
            throw new IllegalArgumentException(
                    "max sockets per address must be at least 1, got " + maxSocketsPerAddress);
        }
    }
}
