package io.magicshield.signaling;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends a connection's messages one after another without blocking the caller (WebRTC threads send answers and
 * candidates): a WebSocket allows one outstanding asynchronous send, so the next one starts from the completion
 * of the previous. A close is queued behind the messages before it. A client that stops reading is closed once
 * {@link #MAX_QUEUED} messages wait. {@link #ping()} keeps a quiet connection alive.
 */
final class WebSocketOutbox {

    private static final Logger LOG = Logger.getLogger(WebSocketOutbox.class.getName());
    private static final int MAX_QUEUED = 256;
    /** RFC 6455: a close frame's reason is at most 123 bytes. */
    private static final int MAX_REASON_BYTES = 123;

    private static final ByteBuffer PING =
            ByteBuffer.wrap("magicshield".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();

    private sealed interface Item permits Text, Close {}

    private record Text(String text) implements Item {}

    private record Close(CloseReason reason) implements Item {}

    private final Session socket;
    private final Queue<Item> queue = new ArrayDeque<>();
    private boolean sending;
    private boolean closing;

    WebSocketOutbox(Session socket) {
        this.socket = socket;
    }

    void send(String text) {
        enqueue(new Text(text));
    }

    /**
     * Sends a ping, which the client answers with a pong by itself (browsers and the JDK's client do), unless the
     * connection is closing or a message is being sent (the next ping will do). A ping is a control frame, sent
     * asynchronously beside the messages; it never waits for the client.
     */
    void ping() {
        synchronized (this) {
            if (closing || sending || !socket.isOpen()) {
                return;
            }
            try {
                socket.getAsyncRemote().sendPing(PING.duplicate());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "signaling ping failed", e);
            }
        }
    }

    /** Closes the connection after the messages already queued. */
    void close(CloseReason.CloseCode code, String reason) {
        enqueue(new Close(new CloseReason(code, truncate(reason))));
    }

    private void enqueue(Item item) {
        synchronized (this) {
            if (closing) {
                return;
            }
            if (queue.size() >= MAX_QUEUED) {
                queue.clear();
                item = new Close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "client is not reading"));
            }
            closing = item instanceof Close;
            queue.add(item);
            if (sending) {
                return;
            }
            sending = true;
        }
        sendNext();
    }

    private void sendNext() {
        Item item;
        synchronized (this) {
            item = queue.poll();
            if (item == null) {
                sending = false;
                return;
            }
        }
        if (item instanceof Text text) {
            try {
                socket.getAsyncRemote().sendText(text.text(), this::sent);
            } catch (RuntimeException e) {
                abandon(e);
            }
        } else if (item instanceof Close close) {
            closeNow(close.reason());
        }
    }

    private void sent(SendResult result) {
        if (result.isOK()) {
            sendNext();
        } else {
            abandon(result.getException());
        }
    }

    private void abandon(Throwable cause) {
        LOG.log(Level.FINE, "signaling send failed; dropping what is queued", cause);
        synchronized (this) {
            queue.clear();
            closing = true;
            sending = false;
        }
    }

    private void closeNow(CloseReason reason) {
        synchronized (this) {
            sending = false;
        }
        try {
            if (socket.isOpen()) {
                socket.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "signaling close failed", e);
        }
    }

    static String truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return reason;
        }
        String cut = new String(bytes, 0, MAX_REASON_BYTES - 3, StandardCharsets.UTF_8);
        // a multi-byte character cut in half decodes to U+FFFD (3 bytes): drop it
        while (cut.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES - 3) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "...";
    }
}
