package io.magicshield.it.signaling;

import io.magicshield.it.Await;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A page's side of {@code /ws/signal} (docs/protocol.md) over the JDK's WebSocket client: sends JSON text (or
 * anything else a test wants to try), queues what the server sends, and records how the server closed the socket.
 * Waiting calls fail the test after {@link #TIMEOUT} instead of hanging it.
 */
public final class SignalingClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** The close code used when the connection ended without a close frame. */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** One client for all sockets: each HttpClient keeps a selector thread of its own. */
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** How the server closed the connection. */
    public record Closed(int code, String reason) {}

    private final WebSocket socket;
    private final Inbox inbox;
    private final List<JsonObject> passedOver = Collections.synchronizedList(new ArrayList<>());

    private SignalingClient(WebSocket socket, Inbox inbox) {
        this.socket = socket;
        this.inbox = inbox;
    }

    /** Opens a socket as a non-browser client does: no Origin header. Returns once the handshake succeeded. */
    public static SignalingClient connect(URI uri) {
        return connect(uri, null);
    }

    /** Opens a socket as a page from {@code origin} would (null: no Origin header). */
    public static SignalingClient connect(URI uri, String origin) {
        return connect(uri, origin, HTTP);
    }

    /** {@link #connect(URI, String)} through a client of the caller's, e.g. one that trusts a test certificate. */
    public static SignalingClient connect(URI uri, String origin, HttpClient http) {
        return connect(uri, origin, http, Map.of());
    }

    /** {@link #connect(URI, String, HttpClient)} with more handshake headers, e.g. a proxy's X-Forwarded-For. */
    public static SignalingClient connect(URI uri, String origin, HttpClient http, Map<String, String> headers) {
        Inbox inbox = new Inbox();
        WebSocket.Builder builder = http.newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        headers.forEach(builder::header);
        WebSocket socket = Await.result(builder.buildAsync(uri, inbox), TIMEOUT, "the handshake with " + uri);
        return new SignalingClient(socket, inbox);
    }

    public void send(JsonObject message) {
        send(message.toString());
    }

    /** Sends one text frame, whatever it holds. */
    public void send(String text) {
        Await.result(socket.sendText(text, true), TIMEOUT, "a WebSocket send");
    }

    /**
     * Sends unless the connection is already closing (the server may have closed it, and then the client's side is
     * closed too); returns whether the message went out.
     */
    public boolean sendIfOpen(JsonObject message) {
        return sendIfOpen(message.toString());
    }

    /** {@link #sendIfOpen(JsonObject)} for any text. */
    public boolean sendIfOpen(String text) {
        return completed(socket.sendText(text, true));
    }

    public void sendBinary(byte[] data) {
        Await.result(socket.sendBinary(ByteBuffer.wrap(data), true), TIMEOUT, "a WebSocket send");
    }

    /** {@link #sendIfOpen(String)} for a binary frame. */
    public boolean sendBinaryIfOpen(byte[] data) {
        return completed(socket.sendBinary(ByteBuffer.wrap(data), true));
    }

    /** Whether a send went out; false when the connection closed under it (a server may close mid-message). */
    private static boolean completed(CompletableFuture<WebSocket> send) {
        try {
            send.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (TimeoutException e) {
            throw new AssertionError("WebSocket send did not complete within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next message, whatever its type. */
    public JsonObject next() {
        try {
            JsonObject message = inbox.messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError(
                        "no message from the server within " + TIMEOUT + "; closed: " + inbox.closed.getNow(null));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next message if one arrives within {@code wait}, else null. */
    public JsonObject poll(Duration wait) {
        try {
            return inbox.messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * The next message of {@code type}. Messages of other types that arrive first (server candidates may come at any
     * time after the offer) are kept in {@link #passedOver()}.
     */
    public JsonObject await(String type) {
        while (true) {
            JsonObject message = next();
            if (type.equals(message.getString("type", null))) {
                return message;
            }
            passedOver.add(message);
        }
    }

    /**
     * The next message, which must be an {@code error} with {@code code}; returns its text. Server candidates,
     * which may arrive at any time after an offer, are passed over.
     */
    public String expectError(String code) {
        JsonObject message = next();
        while ("ice".equals(message.getString("type", null))) {
            passedOver.add(message);
            message = next();
        }
        if (!"error".equals(message.getString("type", null)) || !code.equals(message.getString("code", null))) {
            throw new AssertionError("expected error " + code + ", got " + message);
        }
        return message.getString("message");
    }

    /** Messages that {@link #await} passed over, in order. */
    public List<JsonObject> passedOver() {
        synchronized (passedOver) {
            return List.copyOf(passedOver);
        }
    }

    /** Messages received but not yet taken. */
    public List<JsonObject> pending() {
        return List.copyOf(inbox.messages);
    }

    /** Waits for the server to close the connection. */
    public Closed awaitClose() {
        return Await.result(inbox.closed, TIMEOUT, "the server's close of the connection");
    }

    public boolean isOpen() {
        return !inbox.closed.isDone() && !socket.isOutputClosed();
    }

    /** Sends a ping if the socket is open, as a client's heartbeat: a write lets a dead far end show. */
    public void ping() {
        if (isOpen()) {
            socket.sendPing(ByteBuffer.allocate(0));
        }
    }

    /** Pings the server sent so far (the JDK's client answers each with a pong by itself). */
    public int pings() {
        return inbox.pings.get();
    }

    /** Drops the connection without a close handshake, as a client that vanishes does. */
    public void abort() {
        socket.abort();
    }

    /** Closes normally if still open; gives up waiting for the server's reply after a few seconds. */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done").get(5, TimeUnit.SECONDS);
                inbox.closed.get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the server may have closed first; nothing left to do but abort
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket.abort();
    }

    /** Receives on the HTTP client's threads: assembles text frames into JSON objects, records the close. */
    private static final class Inbox implements WebSocket.Listener {

        private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<Closed> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private final AtomicInteger pings = new AtomicInteger();

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.incrementAndGet();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try (JsonReader reader = Json.createReader(new StringReader(partial.toString()))) {
                    messages.add(reader.readObject());
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            // the protocol has no binary messages from the server; record it so a test sees it
            messages.add(
                    Json.createObjectBuilder().add("type", "unexpected-binary").build());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(ABNORMAL_CLOSURE, String.valueOf(error)));
        }
    }
}
