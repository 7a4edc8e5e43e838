package io.magicshield.rtc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials in coturn's REST API style: username {@code <expiry unix time>:<id>},
 * password base64(HMAC-SHA1(shared secret, username)). The TURN server checks them with the same secret and
 * refuses them after the expiry, so a page can be given them without being given the secret.
 */
public final class TurnCredentials {

    private TurnCredentials() {}

    /** @param ttl how long the credentials are valid from {@code now} */
    public static IceServer issue(List<String> urls, String secret, Duration ttl, String id, Instant now) {
        Instant expiry = now.plus(ttl);
        String username = expiry.getEpochSecond() + ":" + id;
        return new IceServer(urls, username, password(secret, username));
    }

    static String password(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
    }
}
