package io.magicshield.signaling;

import jakarta.websocket.Session;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The client's IP address for the per-address limits. Jakarta WebSocket has no API for it: Jetty, Tomcat and
 * Grizzly put it in a user property; Undertow (WildFly) only on its own session class, read here reflectively so
 * the WAR needs no dependency on WildFly's private modules. Behind a trusted proxy (a cluster's balancer) that is
 * the proxy's address, and the client's is the last element of the X-Forwarded-For the proxy set.
 */
final class ClientAddress {

    static final String UNKNOWN = "unknown";
    /** IPv4, or IPv6 (two colons or more, 45 characters at most): no host name, no port, no list. */
    private static final Pattern IP_LITERAL =
            Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|(?=.{2,45}$)[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

    private static final Logger LOG = Logger.getLogger(ClientAddress.class.getName());
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private ClientAddress() {}

    static String of(Session socket, Set<String> trustedProxies) {
        return behind(peer(socket), HandshakeCapture.forwardedFor(socket), trustedProxies);
    }

    /**
     * The client's address given the connection's peer and its X-Forwarded-For: the header's last element (the one
     * the proxy itself added; earlier ones come from the client and prove nothing) when the peer is a trusted proxy
     * and that element is an IP address; the peer otherwise.
     */
    static String behind(String peer, String forwardedFor, Set<String> trustedProxies) {
        if (forwardedFor == null || !trustedProxies.contains(peer)) {
            return peer;
        }
        String last = forwardedFor.substring(forwardedFor.lastIndexOf(',') + 1).trim();
        return IP_LITERAL.matcher(last).matches() ? last : peer;
    }

    private static String peer(Session socket) {
        if (socket.getUserProperties().get("jakarta.websocket.endpoint.remoteAddress")
                instanceof InetSocketAddress address) {
            return host(address);
        }
        try {
            Object channel = socket.getClass().getMethod("getWebSocketChannel").invoke(socket);
            if (channel.getClass().getMethod("getSourceAddress").invoke(channel) instanceof InetSocketAddress address) {
                return host(address);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // other containers: fall through
        }
        if (WARNED.compareAndSet(false, true)) {
            LOG.warning("client addresses are not available from this container: all clients share one rate limit");
        }
        return UNKNOWN;
    }

    private static String host(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }
}
