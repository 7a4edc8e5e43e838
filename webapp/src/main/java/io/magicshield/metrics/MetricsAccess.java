package io.magicshield.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may read {@code /metrics}. With a token ({@code magicshield.metrics.token}) every scraper must send
 * {@code Authorization: Bearer <token>}, wherever it connects from. Without one only loopback clients are served, and
 * a request that carries a proxy's forwarding header is not one of them: a reverse proxy on this host connects from
 * 127.0.0.1 on behalf of anyone (the server is not configured to trust such headers, so they are not read either).
 *
 * @param token null: loopback only; else an RFC 6750 token of at least {@value #MIN_TOKEN_CHARS} characters
 */
public record MetricsAccess(String token) {

    public static final String PROPERTY = "magicshield.metrics.token";
    static final int MIN_TOKEN_CHARS = 16;
    /** RFC 6750 b64token: what may follow "Bearer " in a header, so a token with a space or newline fails early. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");
    /** Headers a proxy adds; their values are not trusted, their presence says the peer address is the proxy's. */
    public static final List<String> FORWARDING_HEADERS = List.of("Forwarded", "X-Forwarded-For", "X-Real-IP");

    private static final String BEARER = "bearer";
    private static final Pattern DOTTED_QUAD = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    public enum Decision {
        ALLOWED,
        UNAUTHORIZED,
        FORBIDDEN
    }

    public MetricsAccess {
        if (token != null
                && (token.length() < MIN_TOKEN_CHARS || !B64TOKEN.matcher(token).matches())) {
            throw new IllegalArgumentException("the metrics token must be at least " + MIN_TOKEN_CHARS
                    + " characters of A-Z a-z 0-9 - . _ ~ + / (e.g. from openssl rand -hex 32); got "
                    + token.length() + " characters");
        }
    }

    /**
     * @param authorization the request's Authorization headers (none, one, or several)
     * @param remoteAddress the peer's IP address as the container reports it
     * @param forwarded     whether the request carries any of {@link #FORWARDING_HEADERS}
     */
    public Decision decide(List<String> authorization, String remoteAddress, boolean forwarded) {
        if (token != null) {
            return authorization.size() == 1 && bearerMatches(authorization.get(0))
                    ? Decision.ALLOWED
                    : Decision.UNAUTHORIZED;
        }
        return !forwarded && isLoopback(remoteAddress) ? Decision.ALLOWED : Decision.FORBIDDEN;
    }

    /** "Bearer" (any case, RFC 7235), one or more spaces, then exactly the token; compared in constant time. */
    private boolean bearerMatches(String header) {
        if (header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.charAt(BEARER.length()) != ' ') {
            return false;
        }
        String presented = header.substring(BEARER.length()).replaceFirst("^ +", "");
        // digests of equal length: the comparison takes the same time whatever the presented token's length
        return MessageDigest.isEqual(sha256(presented), sha256(token));
    }

    /**
     * True for 127.0.0.0/8, ::1 and IPv4-mapped loopback, given as a literal address. Anything else, a host name
     * included, is false, and nothing is resolved: dotted quads are read here, and Java reads a text with a colon
     * as an IPv6 literal only.
     */
    static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        Matcher quad = DOTTED_QUAD.matcher(address);
        if (quad.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(quad.group(i)) > 255) {
                    return false;
                }
            }
            return quad.group(1).equals("127");
        }
        if (!address.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Never the token: the settings are logged at deployment. */
    @Override
    public String toString() {
        return "metrics: " + (token != null ? "bearer token" : "loopback clients only");
    }
}
