package io.magicshield.it.signaling;

import io.magicshield.it.signaling.HostileMessages.BadMessage;
import io.magicshield.it.signaling.HostileMessages.Binary;
import io.magicshield.it.signaling.HostileMessages.Closed;
import io.magicshield.it.signaling.HostileMessages.Ended;
import io.magicshield.it.signaling.HostileMessages.Error;
import io.magicshield.it.signaling.HostileMessages.Payload;
import io.magicshield.it.signaling.HostileMessages.Text;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A signaling connection that sends bad messages and checks each answer against the one promised for it: sends a
 * message, reads what comes back (passing over the server's ICE candidates) and records it in {@link Outcomes}. It
 * pauses before each message it sends on its own (a flood is sent without pauses), so that a test can run an attack
 * at a rate it chooses.
 */
public final class HostileConnection implements AutoCloseable {

    private static final Duration ANSWER_WAIT = SignalingClient.TIMEOUT;
    private static final Duration POLL = Duration.ofMillis(50);

    private final SignalingClient socket;
    private final Outcomes outcomes;
    private final Duration pause;

    public HostileConnection(URI uri, Outcomes outcomes, Duration pause) {
        this.socket = SignalingClient.connect(uri);
        this.outcomes = outcomes;
        this.pause = pause;
    }

    public SignalingClient socket() {
        return socket;
    }

    /** Sends one bad message and records its answer; returns whether the connection is still open. */
    public boolean send(BadMessage message) {
        pause();
        write(message.payload());
        String answer = answer();
        outcomes.record(message, answer, promised(message, answer));
        return socket.isOpen();
    }

    /**
     * Sends the messages back to back without waiting, then reads the answers: {@code maxErrors} errors, then the
     * fatal TOO_MANY_ERRORS and the close (1008); the messages after it are never read.
     */
    public void flood(List<BadMessage> messages, int maxErrors) {
        pause();
        messages.forEach(m -> write(m.payload()));
        for (int i = 0; i < messages.size(); i++) {
            BadMessage message = messages.get(i);
            if (i < maxErrors) {
                String answer = answer();
                outcomes.record(message, answer, promised(message, answer));
            } else if (i == maxErrors) {
                String answer = answer();
                outcomes.record(message, answer, answer.equals("error TOO_MANY_ERRORS, closed 1008"));
            } else {
                String answer = socket.isOpen()
                        ? answer()
                        : "closed " + socket.awaitClose().code() + " before it";
                outcomes.record(message, answer, answer.equals("closed 1008 before it"));
            }
        }
    }

    /** Sends a message that is not bad, e.g. a setup step, and returns the answer of this type. */
    public JsonObject expect(String message, String type) {
        socket.send(message);
        return socket.await(type);
    }

    /** Sends a valid message that gets no answer (e.g. a candidate). */
    public void sendQuietly(String message) {
        socket.send(message);
    }

    /**
     * Sends {@code stop} and the messages behind it: the session ends (ended, close 1000) and nothing after the stop
     * is acted on, whether it is refused as out of order or never read.
     */
    public void stopThenSend(List<BadMessage> after) {
        socket.send("{\"type\": \"stop\"}");
        after.forEach(m -> write(m.payload()));
        JsonObject ended = socket.await("ended");
        SignalingClient.Closed closed = socket.awaitClose();
        List<JsonObject> late = socket.pending();
        for (BadMessage message : after) {
            boolean refused = late.stream().anyMatch(m -> "error".equals(m.getString("type", "")));
            String answer = "after " + ended.getString("type") + " " + ended.getString("reason") + ": "
                    + (refused ? "error OUT_OF_ORDER" : "closed " + closed.code());
            outcomes.record(message, answer, "stopped".equals(ended.getString("reason")) && closed.code() == 1000);
        }
    }

    private void pause() {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void write(Payload payload) {
        // the server may close while a large message is still going out: that is its answer, read afterwards
        if (payload instanceof Text text) {
            socket.sendIfOpen(text.text());
        } else if (payload instanceof Binary binary) {
            socket.sendBinaryIfOpen(binary.data());
        }
    }

    /** The answer, in words: {@code error CODE}, {@code ended REASON, closed 1000}, {@code closed 1009}... */
    private String answer() {
        long deadline = System.nanoTime() + ANSWER_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject message = socket.poll(POLL);
            if (message == null) {
                if (!socket.isOpen()) {
                    return "closed " + socket.awaitClose().code();
                }
                continue;
            }
            String type = message.getString("type", "?");
            switch (type) {
                case "ice" -> {
                    // the server trickles its candidates at any time after an offer
                }
                case "error" -> {
                    String code = message.getString("code", "?");
                    return "error " + code
                            + (closesAfter(code)
                                    ? ", closed " + socket.awaitClose().code()
                                    : "");
                }
                case "ended" -> {
                    return "ended " + message.getString("reason", "?") + ", closed "
                            + socket.awaitClose().code();
                }
                default -> {
                    return "unexpected " + message;
                }
            }
        }
        return "no answer within " + ANSWER_WAIT;
    }

    private static boolean closesAfter(String code) {
        return !List.of(
                        "BAD_JSON",
                        "UNKNOWN_TYPE",
                        "BAD_FIELD",
                        "TOO_LARGE",
                        "OUT_OF_ORDER",
                        "IMAGE_REFUSED",
                        "NO_IMAGE")
                .contains(code);
    }

    private static boolean promised(BadMessage message, String answer) {
        if (message.expected() instanceof Error error) {
            return answer.equals("error " + error.code());
        } else if (message.expected() instanceof Ended ended) {
            return answer.equals("ended " + ended.reason() + ", closed 1000");
        } else if (message.expected() instanceof Closed closed) {
            return answer.equals("closed " + closed.code());
        }
        return false;
    }

    @Override
    public void close() {
        socket.close();
    }
}
