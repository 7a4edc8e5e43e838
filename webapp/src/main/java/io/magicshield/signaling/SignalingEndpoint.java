package io.magicshield.signaling;

import io.magicshield.media.MediaSettings;
import io.magicshield.session.SessionManager;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
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
     * Messages above this are refused with close 1009 while they arrive, so a client cannot make the server hold
     * more; smaller ones above the configured message limit get a TOO_LARGE error and the connection stays usable.
     * (Undertow does not enforce maxMessageSize on a message that arrives over several reads, so the parts are
     * counted here.)
     */
    static final int MAX_MESSAGE_BYTES = 1024 * 1024;
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
    private final StringBuilder textParts = new StringBuilder();
    private long binaryBytes;
    private boolean refused;

    @OnOpen
    public void open(Session socket) {
        connection = new SignalingConnection(new WebSocketOutbox(socket), ClientAddress.of(socket), codec, sessions,
                settings, media.effectDefaults());
        String origin = HandshakeCapture.origin(socket);
        if (!settings.origins().allows(origin, HandshakeCapture.host(socket))) {
            connection.refuseOrigin(origin);
        }
    }

    @OnMessage
    public void text(Session socket, String part, boolean last) {
        if (refused) {
            return;
        }
        // A char is at least one byte, so this refuses every message of more than MAX_MESSAGE_BYTES bytes in time.
        if (textParts.length() + part.length() > MAX_MESSAGE_BYTES) {
            refuseTooBig(socket);
            return;
        }
        textParts.append(part);
        if (last) {
            String message = textParts.toString();
            textParts.setLength(0);
            connection.onText(message);
        }
    }

    @OnMessage
    public void binary(Session socket, ByteBuffer part, boolean last) {
        if (refused) {
            return;
        }
        binaryBytes += part.remaining();
        if (binaryBytes > MAX_MESSAGE_BYTES) {
            refuseTooBig(socket);
        } else if (last) {
            binaryBytes = 0;
            connection.onBinary();
        }
    }

    private void refuseTooBig(Session socket) {
        refused = true;
        textParts.setLength(0);
        try {
            socket.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG,
                    "message over " + MAX_MESSAGE_BYTES + " bytes"));
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing a socket that sent too much", e);
        }
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
