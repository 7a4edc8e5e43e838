package io.magicshield.rtc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * STUN and TURN servers. TURN credentials are minted per session from {@code turnSecret} (coturn's
 * {@code use-auth-secret} / REST API scheme); the secret itself never leaves the server.
 */
public record IceSettings(List<String> stunUrls, List<String> turnUrls, String turnSecret, Duration turnTtl) {

    public IceSettings {
        stunUrls = List.copyOf(stunUrls);
        turnUrls = List.copyOf(turnUrls);
        if (!turnUrls.isEmpty() && (turnSecret == null || turnSecret.isEmpty())) {
            throw new IllegalArgumentException("TURN urls are set but the TURN secret is not");
        }
        if (turnTtl.isNegative() || turnTtl.isZero()) {
            throw new IllegalArgumentException("TURN credential lifetime must be positive, got " + turnTtl);
        }
    }

    /** The list a browser's RTCPeerConnection is given for one session, TURN credentials included. */
    public List<IceServer> forBrowser(String sessionId, Instant now) {
        List<IceServer> servers = new ArrayList<>();
        if (!stunUrls.isEmpty()) {
            servers.add(IceServer.withoutCredentials(stunUrls));
        }
        if (!turnUrls.isEmpty()) {
            servers.add(TurnCredentials.issue(turnUrls, turnSecret, turnTtl, sessionId, now));
        }
        return servers;
    }

    /** Without the secret: settings are logged, and the secret would let anyone mint TURN credentials. */
    @Override
    public String toString() {
        return "IceSettings[stunUrls=" + stunUrls + ", turnUrls=" + turnUrls + ", turnSecret="
                + (turnSecret == null || turnSecret.isEmpty() ? "unset" : "(redacted)") + ", turnTtl=" + turnTtl + "]";
    }
}
