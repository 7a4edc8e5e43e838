package io.magicshield.signaling;

import static io.magicshield.signaling.SignalingSettings.MAX_MESSAGE_BYTES;

import io.magicshield.media.MediaSettings;
import io.magicshield.metrics.ServerMetrics;
import io.magicshield.room.RoomRegistry;
import io.magicshield.session.Housekeeping;
import io.magicshield.session.SessionLimits;
import io.magicshield.session.SessionManager;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /ws/signal}: one instance per connection; the protocol lives in {@link SignalingConnection}. A socket that
 * sends no {@code start} within the offer timeout is ended, so idle sockets cannot pile up; a socket with a session
 * is pinged, so that it stays open however long the page has nothing to say. One client address holds at most
 * {@link SignalingSettings#maxSocketsPerAddress()} sockets: more are closed at once with {@code TOO_MANY_SOCKETS}.
 */
@ServerEndpoint(value = "/ws/signal", configurator = HandshakeCapture.class)
public class SignalingEndpoint {

    private static final Logger LOG = Logger.getLogger(SignalingEndpoint.class.getName());

    @Inject
    SessionManager sessions;

    @Inject
    RoomRegistry rooms;

    @Inject
    SignalingCodec codec;

    @Inject
    SignalingSettings settings;

    @Inject
    MediaSettings media;

    @Inject
    SessionLimits limits;

    @Inject
    Housekeeping housekeeping;

    @Inject
    ServerMetrics metrics;

    @Inject
    SocketsPerAddress socketsPerAddress;

    @Inject
    BackgroundImageLimits backgroundImageLimits;

    private SignalingConnection connection;
    /** Null while the socket holds no place in its address's count (refused for the cap). */
    private SocketsPerAddress.Slot slot;

    private Future<?> startDeadline;
    private Future<?> keepAlive;
    private final StringBuilder textParts = new StringBuilder();
    /** The binary message arriving (a background picture); null once it passed the byte limit. */
    private ByteArrayOutputStream binaryParts = new ByteArrayOutputStream();

    private long binaryBytes;
    private boolean refused;

    @OnOpen
    public void open(Session socket) {
        metrics.signalingOpened();
        WebSocketOutbox out = new WebSocketOutbox(socket);
        String address = ClientAddress.of(socket, settings.trustedProxies());
        connection = new SignalingConnection(
                out,
                address,
                codec,
                sessions,
                rooms,
                settings,
                media.effectDefaults(),
                new BackgroundImageDecoder(backgroundImageLimits));
        slot = socketsPerAddress.tryOpen(address).orElse(null);
        String origin = HandshakeCapture.origin(socket);
        if (slot == null) {
            connection.refuseTooManySockets(socketsPerAddress.max());
        } else if (!settings.origins().allows(origin, HandshakeCapture.host(socket))) {
            connection.refuseOrigin(origin);
        } else {
            startDeadline =
                    housekeeping.after(limits.offerTimeout(), () -> connection.startTimedOut(limits.offerTimeout()));
            // WildFly closes a connection nothing was read from for 90 s, and a streaming page sends nothing: the
            // pongs to these pings keep it open (a client that stops answering is closed by that same timeout)
            keepAlive = housekeeping.every(settings.keepAlive(), out::ping);
        }
    }

    @OnMessage
    public void text(Session socket, String part, boolean last) {
        if (refused) {
            return;
        }
        // Counted in chars, which bounds what is held (a char is at least one UTF-8 byte); the configured limit,
        // never above this, is then checked in UTF-8 bytes by the parser.
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
        // A picture over the limit is not kept: its remaining parts are only counted, and the session goes on.
        binaryBytes += part.remaining();
        if (binaryBytes > backgroundImageLimits.maxBytes()) {
            binaryParts = null;
        } else {
            byte[] bytes = new byte[part.remaining()];
            part.get(bytes);
            binaryParts.writeBytes(bytes);
        }
        if (last) {
            if (binaryParts == null) {
                connection.onOversizedBinary(binaryBytes);
            } else {
                connection.onBinary(binaryParts.toByteArray());
            }
            binaryBytes = 0;
            binaryParts = new ByteArrayOutputStream();
        }
    }

    private void refuseTooBig(Session socket) {
        refused = true;
        textParts.setLength(0);
        try {
            socket.close(
                    new CloseReason(CloseReason.CloseCodes.TOO_BIG, "message over " + MAX_MESSAGE_BYTES + " bytes"));
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing a socket that sent too much", e);
        }
    }

    @OnClose
    public void close() {
        releaseSlot();
        if (startDeadline != null) {
            startDeadline.cancel(false);
            keepAlive.cancel(false);
        }
        metrics.signalingClosed();
        connection.onClosed();
    }

    @OnError
    public void error(Session socket, Throwable failure) {
        // protocol errors are answered by SignalingConnection; what reaches here is I/O trouble or a bug
        LOG.log(failure instanceof IOException ? Level.FINE : Level.WARNING, "signaling socket error", failure);
        if (!socket.isOpen()) { // a socket that died may never see @OnClose; the slot is given back once either way
            releaseSlot();
        }
    }

    private void releaseSlot() {
        if (slot != null) {
            slot.release();
        }
    }
}
