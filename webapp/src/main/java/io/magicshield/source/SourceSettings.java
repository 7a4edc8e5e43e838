package io.magicshield.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The pulled sources' settings ({@code magicshield.sources.*}).
 *
 * @param policy  what a source may be (schemes, networks, ports, the file folder)
 * @param token   the operator's bearer token for {@code /api/sources}; null: the API is off
 * @param max     sources at once (each also holds one of the server's sessions while it streams)
 * @param timeout the longest an open or read of a source may block before it counts as failed
 * @param backoff the first wait before a retry; each failure doubles it, up to {@code maxBackoff}
 * @param urls    sources started at deployment, each checked by the policy here (a refused one fails the settings)
 */
public record SourceSettings(
        SourcePolicy policy,
        String token,
        int max,
        Duration timeout,
        Duration backoff,
        Duration maxBackoff,
        List<String> urls) {

    static final int MIN_TOKEN_CHARS = 16;

    public SourceSettings {
        if (token != null && token.length() < MIN_TOKEN_CHARS) {
            throw new IllegalArgumentException(
                    "the sources token must be at least " + MIN_TOKEN_CHARS + " characters; it has " + token.length());
        }
        if (max < 1 || max > 64) {
            throw new IllegalArgumentException("max sources must be 1 to 64, got " + max);
        }
        if (timeout.toMillis() < 100 || backoff.toMillis() < 100 || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException(
                    "source timeouts and backoffs must be at least 100 ms, the most backoff at least the first");
        }
        urls = List.copyOf(urls);
        if (urls.size() > max) {
            throw new IllegalArgumentException(urls.size() + " sources configured, more than the " + max + " allowed");
        }
        for (String url : urls) {
            try {
                policy.check(url);
            } catch (SourceRefusedException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    /** Whether the request's one Authorization header carries the token (compared in constant time). */
    boolean authorized(List<String> authorization) {
        if (token == null
                || authorization.size() != 1
                || !authorization.get(0).toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            return false;
        }
        byte[] presented = authorization.get(0).substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token.getBytes(StandardCharsets.UTF_8));
    }

    /** Names no token: this is logged. */
    @Override
    public String toString() {
        return "sources " + (token == null ? "off" : "on") + ": networks " + policy.networks() + ", ports "
                + policy.ports() + ", folder " + policy.folder() + ", at most " + max + ", timeout "
                + timeout.toMillis() + " ms, backoff " + backoff.toMillis() + "-" + maxBackoff.toMillis() + " ms, "
                + urls.size() + " started at deployment";
    }
}
