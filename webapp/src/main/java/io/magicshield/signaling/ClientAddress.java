package io.magicshield.signaling;

import io.magicshield.web.TrustedProxies;
import jakarta.websocket.Session;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The client's IP address for the per-address limits. Jakarta WebSocket has no API for it: Jetty, Tomcat and
 * Grizzly put it in a user property; Undertow (WildFly) only on its own session class, read here reflectively so
 * the WAR needs no dependency on WildFly's private modules. Behind a trusted proxy (a cluster's balancer) that is
 * the proxy's address, and the handshake's X-Forwarded-For names the client ({@link TrustedProxies}).
 */
final class ClientAddress {

    static final String UNKNOWN = "unknown";

    private static final Logger LOG = Logger.getLogger(ClientAddress.class.getName());
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private ClientAddress() {}

    static String of(Session socket, TrustedProxies trustedProxies) {
        return trustedProxies.client(peer(socket), HandshakeCapture.forwardedFor(socket));
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
