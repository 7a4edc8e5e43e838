package io.magicshield.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which pages may open the signaling socket and create rooms (browsers send their page's Origin; a WebSocket has no
 * CORS, so without this check any site could use a visitor's camera session here, and a cross-site form could post
 * to {@code /api/rooms}, which needs no preflight). Allowed: the page's own origin,
 * loopback origins when {@code allowLocalhost}, and every origin listed ({@code *} allows all). Clients that send
 * no Origin are not browsers and are allowed: the check protects browser users, not the server.
 */
public record OriginPolicy(List<String> allowed, boolean allowLocalhost) {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    public OriginPolicy {
        allowed = allowed.stream().map(OriginPolicy::normalize).toList();
    }

    /**
     * @param origin the Origin header, null when absent
     * @param host   the Host header the request was sent to
     */
    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        String normalized = normalize(origin);
        if (allowed.contains("*") || allowed.contains(normalized)) {
            return true;
        }
        URI uri;
        try {
            uri = new URI(normalized);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getHost() == null) {
            return false; // "null" (sandboxed pages, file://) and other opaque origins
        }
        if (host != null && authority(uri).equals(withoutDefaultPort(host.toLowerCase(Locale.ROOT), uri))) {
            return true;
        }
        return allowLocalhost && LOOPBACK.contains(uri.getHost());
    }

    /** The user's message when {@code origin} is refused, the same for the socket and the HTTP endpoints. */
    public static String refusal(String origin) {
        return "pages from " + origin + " may not use this server";
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    private static String authority(URI origin) {
        return origin.getPort() < 0 || origin.getPort() == defaultPort(origin)
                ? origin.getHost()
                : origin.getHost() + ":" + origin.getPort();
    }

    private static String withoutDefaultPort(String host, URI origin) {
        String suffix = ":" + defaultPort(origin);
        return host.endsWith(suffix) ? host.substring(0, host.length() - suffix.length()) : host;
    }

    private static int defaultPort(URI origin) {
        return "https".equals(origin.getScheme()) ? 443 : 80;
    }
}
