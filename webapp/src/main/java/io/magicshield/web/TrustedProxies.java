package io.magicshield.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reverse proxies whose {@code X-Forwarded-For} names the client for the per-address limits (a cluster's balancer,
 * which every request to a node comes through): behind one, the connection's peer is the proxy, and the client is
 * the last element of the header the proxy set. Signaling sockets and HTTP endpoints ask here alike.
 *
 * @param addresses the proxies' addresses as this server sees them; none: the peer is always the client
 */
public record TrustedProxies(Set<String> addresses) {

    /** IPv4, or IPv6 (two colons or more, 45 characters at most): no host name, no port, no list. */
    private static final Pattern IP_LITERAL =
            Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|(?=.{2,45}$)[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

    public TrustedProxies {
        addresses = Set.copyOf(addresses);
    }

    /**
     * The client's address given the connection's peer and its X-Forwarded-For: the header's last element (the one
     * the proxy itself added; earlier ones come from the client and prove nothing) when the peer is a trusted proxy
     * and that element is an IP address; the peer otherwise.
     *
     * @param forwardedFor all the request's X-Forwarded-For lines joined by commas; null when it has none
     */
    public String client(String peer, String forwardedFor) {
        if (forwardedFor == null || !addresses.contains(peer)) {
            return peer;
        }
        String last = forwardedFor.substring(forwardedFor.lastIndexOf(',') + 1).trim();
        return IP_LITERAL.matcher(last).matches() ? last : peer;
    }

    /** The client's address of an HTTP request. */
    public String client(HttpServletRequest request) {
        String forwardedFor = String.join(",", Collections.list(request.getHeaders("X-Forwarded-For")));
        return client(request.getRemoteAddr(), forwardedFor.isEmpty() ? null : forwardedFor);
    }
}
