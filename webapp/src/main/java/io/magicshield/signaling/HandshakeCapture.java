package io.magicshield.signaling;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * Keeps the handshake's Origin and Host headers for the origin check in {@code @OnOpen}, and its X-Forwarded-For for
 * {@link ClientAddress} (believed only from a trusted proxy): refusing in
 * {@code checkOrigin} would fail the handshake with a bare 403 that a page cannot tell from a network error,
 * while an opened-then-closed socket carries an error message and a close reason. (The user properties written
 * here are per connection: WebSocket 2.1, and Undertow's PerConnectionServerEndpointConfig.)
 */
public class HandshakeCapture extends ServerEndpointConfig.Configurator {

    private static final String ORIGIN = "io.magicshield.origin";
    private static final String HOST = "io.magicshield.host";
    private static final String FORWARDED_FOR = "io.magicshield.forwarded-for";

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        keep(config.getUserProperties(), ORIGIN, header(request.getHeaders(), "Origin"));
        keep(config.getUserProperties(), HOST, header(request.getHeaders(), "Host"));
        keep(config.getUserProperties(), FORWARDED_FOR, all(request.getHeaders(), "X-Forwarded-For"));
    }

    static String origin(Session socket) {
        return (String) socket.getUserProperties().get(ORIGIN);
    }

    static String host(Session socket) {
        return (String) socket.getUserProperties().get(HOST);
    }

    /** The X-Forwarded-For header's elements, all its lines joined; null when there is none. */
    static String forwardedFor(Session socket) {
        return (String) socket.getUserProperties().get(FORWARDED_FOR);
    }

    private static void keep(Map<String, Object> properties, String key, String value) {
        if (value != null) {
            properties.put(key, value);
        }
    }

    private static String all(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                return String.join(",", header.getValue());
            }
        }
        return null;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }
}
