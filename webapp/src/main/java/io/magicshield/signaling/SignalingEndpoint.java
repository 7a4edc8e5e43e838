package io.magicshield.signaling;

import io.magicshield.media.MediaSettings;
import io.magicshield.session.SessionManager;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code /ws/signal}: one instance per connection; the protocol lives in {@link SignalingConnection}. */
@ServerEndpoint(value = "/ws/signal", configurator = HandshakeCapture.class)
public class SignalingEndpoint {

    /**
     * Frames above this are refused by the container (close 1009) before reaching the application; smaller ones
     * above the configured message limit get a TOO_LARGE error and the connection stays usable.
     */
    static final int MAX_FRAME_BYTES = 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(SignalingEndpoint.class.getName());

    @Inject
    SessionManager sessions;
    @Inject
    SignalingCodec codec;
    @Inject
    SignalingSettings settings;
    @Inject
    MediaSettings media;

    private SignalingConnection connection;

    @OnOpen
    public void open(Session socket) {
        connection = new SignalingConnection(new WebSocketOutbox(socket), ClientAddress.of(socket), codec, sessions,
                settings, media.effectDefaults());
        String origin = HandshakeCapture.origin(socket);
        if (!settings.origins().allows(origin, HandshakeCapture.host(socket))) {
            connection.refuseOrigin(origin);
        }
    }

    @OnMessage(maxMessageSize = MAX_FRAME_BYTES)
    public void text(String message) {
        connection.onText(message);
    }

    @OnMessage(maxMessageSize = MAX_FRAME_BYTES)
    public void binary(ByteBuffer message) {
        connection.onBinary();
    }

    @OnClose
    public void close() {
        connection.onClosed();
    }

    @OnError
    public void error(Throwable failure) {
        // protocol errors are answered by SignalingConnection; what reaches here is I/O trouble or a bug
        LOG.log(failure instanceof IOException ? Level.FINE : Level.WARNING, "signaling socket error",
                failure);
    }
}
