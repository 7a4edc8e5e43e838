package io.magicshield.it.signaling;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generates bad signaling messages, each with the answer docs/protocol.md promises for it, from a seeded random
 * source (the seed is printed, so a failure can be replayed). Kinds: malformed JSON, fields of the wrong type or
 * range, unknown types, messages over the size limit and over the frame limit, binary frames, messages out of order,
 * invalid SDP, bad and surplus ICE candidates.
 */
public final class HostileMessages {

    /** What goes on the wire. */
    public sealed interface Payload {
        int bytes();
    }

    public record Text(String text) implements Payload {
        @Override
        public int bytes() {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    public record Binary(byte[] data) implements Payload {
        @Override
        public int bytes() {
            return data.length;
        }
    }

    /** The answer a bad message must get. */
    public sealed interface Expected {}

    /** An {@code error} with this code; the connection stays as it was. */
    public record Error(String code) implements Expected {}

    /** The session ends ({@code ended} with this reason) and the socket closes normally. */
    public record Ended(String reason) implements Expected {}

    /** The socket is closed with this code, unread (a message over the frame limit). */
    public record Closed(int code) implements Expected {}

    /** One generated message. */
    public record BadMessage(String kind, Payload payload, Expected expected) {
        /** The start of the message, for a failure report. */
        public String excerpt() {
            String text = payload instanceof Text t ? t.text() : "<binary " + payload.bytes() + " bytes>";
            return text.length() > 120 ? text.substring(0, 120) + "... (" + payload.bytes() + " bytes)" : text;
        }
    }

    /** magicshield.signaling.max-message-bytes (default) and the endpoint's frame limit (1 MiB). */
    public static final int MAX_MESSAGE_BYTES = 65536;

    public static final int MAX_FRAME_BYTES = 1024 * 1024;
    /** The server's cap on ICE candidates per session. */
    public static final int MAX_CANDIDATES = 64;

    private static final String[] VALID = {
        "{\"type\": \"start\", \"options\": {\"mirror\": true, \"openThreshold\": 0.9}}",
        "{\"type\": \"stop\"}",
        "{\"type\": \"options\", \"options\": {\"landmarkDebug\": true}}",
        "{\"type\": \"ice\", \"candidate\": \"candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host\", \"sdpMid\": \"0\"}",
    };
    private static final List<String> NOT_OBJECTS = List.of(
            "",
            " ",
            "[]",
            "[1, 2]",
            "\"start\"",
            "42",
            "true",
            "null",
            "-0.5e3",
            "{",
            "}",
            "{}{}",
            "[{\"type\": \"start\"}]");
    private static final List<String> BAD_SYNTAX = List.of(
            "{\"type\": start}",
            "{'type': 'start'}",
            "{\"type\": \"start\",}",
            "{\"type\": \"\\x\"}",
            "{\"type\": \"st\u0001art\"}",
            "{\"type\": NaN}",
            "{\"type\": Infinity}",
            "{\"n\": 01}",
            "{\"n\": 0x10}",
            "{\"type\": \"start\" // comment\n}",
            "/* c */ {\"type\": \"start\"}",
            "{\"type\": \"start\"} x",
            "{\"type\": \"start\", \"type\": \"stop\"}",
            "{\"type\": \"start\", \"options\": {\"mirror\": true, \"mirror\": false}}",
            "{\"type\" \"start\"}",
            "{\"type\": \"start\"",
            "{\"type\": tru}",
            "{\"a\": [1, 2,]}");
    private static final List<String> WRONG_FIELDS = List.of(
            "{}",
            "{\"type\": 5}",
            "{\"type\": true}",
            "{\"type\": null}",
            "{\"type\": [\"start\"]}",
            "{\"type\": {\"name\": \"start\"}}",
            "{\"sdp\": \"v=0\"}",
            "{\"type\": \"start\", \"extra\": 1}",
            "{\"type\": \"start\", \"options\": []}",
            "{\"type\": \"start\", \"options\": \"all\"}",
            "{\"type\": \"start\", \"options\": {\"warp\": 9}}",
            "{\"type\": \"start\", \"options\": {\"maxHands\": 9}}",
            "{\"type\": \"start\", \"options\": {\"maxHands\": 2.5}}",
            "{\"type\": \"start\", \"options\": {\"maxHands\": 1e999999999}}",
            "{\"type\": \"start\", \"options\": {\"maxHands\": 2147483648}}",
            "{\"type\": \"start\", \"options\": {\"openThreshold\": \"high\"}}",
            "{\"type\": \"start\", \"options\": {\"openThreshold\": 1e308}}",
            "{\"type\": \"start\", \"options\": {\"shieldScale\": -1e-999999}}",
            "{\"type\": \"start\", \"options\": {\"degreesPerSecond\": -1e9}}",
            "{\"type\": \"start\", \"options\": {\"model\": \"huge\"}}",
            "{\"type\": \"start\", \"options\": {\"mirror\": 1}}",
            "{\"type\": \"start\", \"options\": {\"mirror\": null}}",
            "{\"type\": \"offer\"}",
            "{\"type\": \"offer\", \"sdp\": 0}",
            "{\"type\": \"offer\", \"sdp\": \"hello\"}",
            "{\"type\": \"offer\", \"sdp\": \"v=0\", \"type2\": 1}",
            "{\"type\": \"ice\"}",
            "{\"type\": \"ice\", \"candidate\": {\"c\": 1}, \"sdpMid\": \"0\"}",
            "{\"type\": \"ice\", \"candidate\": \"candidate:1 1 udp 1 192.0.2.1 9 typ host\"}",
            "{\"type\": \"ice\", \"candidate\": \"x\", \"sdpMid\": 0}",
            "{\"type\": \"ice\", \"candidate\": \"x\", \"sdpMLineIndex\": 300}",
            "{\"type\": \"ice\", \"candidate\": \"x\", \"sdpMLineIndex\": -1}",
            "{\"type\": \"ice\", \"candidate\": \"x\", \"sdpMLineIndex\": 0.5}",
            "{\"type\": \"ice\", \"candidate\": \"x\", \"sdpMLineIndex\": \"0\"}",
            "{\"type\": \"ice\", \"candidate\": \"x\", \"sdpMid\": \"0\", \"usernameFragment\": 7}",
            "{\"type\": \"options\"}",
            "{\"type\": \"options\", \"options\": {}}",
            "{\"type\": \"options\", \"options\": {\"maxHands\": 0}}",
            "{\"type\": \"stop\", \"now\": true}");
    private static final List<String> TYPES = List.of(
            "dance",
            "Start",
            "START",
            "answer",
            "ready",
            "ping",
            "ended",
            "error",
            "",
            " start",
            "start ",
            "stop\u0000",
            "\u00e9t\u00e9",
            "\u2603",
            "\uD83D\uDE00",
            "null",
            "ice2");
    private static final String OUT_OF_ORDER = "OUT_OF_ORDER";

    private final Random random;

    public HostileMessages(long seed) {
        this.random = new Random(seed);
    }

    /** Not JSON, not an object, broken syntax, duplicate keys, nesting beyond the parser's depth limit. */
    public BadMessage malformedJson() {
        String text = switch (random.nextInt(6)) {
            case 0 -> pick(NOT_OBJECTS);
            case 1 -> pick(BAD_SYNTAX);
            case 2 -> { // a valid message cut short
                String valid = VALID[random.nextInt(VALID.length)];
                yield valid.substring(0, 1 + random.nextInt(valid.length() - 2));
            }
            case 3 -> "~" + randomText(random.nextInt(200)); // "~" starts no JSON value
            case 4 -> {
                int depth = 1001 + random.nextInt(5000);
                yield "{\"type\": \"start\", \"options\": " + "{\"a\": ".repeat(depth) + "1" + "}".repeat(depth) + "}";
            }
            default -> "[".repeat(1001 + random.nextInt(20000));
        };
        return new BadMessage("malformed JSON", new Text(text), new Error("BAD_JSON"));
    }

    /** Well-formed JSON objects with a missing, unknown, mistyped or out-of-range field. */
    public BadMessage wrongField() {
        return new BadMessage("wrong field", new Text(pick(WRONG_FIELDS)), new Error("BAD_FIELD"));
    }

    public BadMessage unknownType() {
        String type = random.nextInt(4) == 0 ? randomText(1 + random.nextInt(3000)) : pick(TYPES);
        String text = "{\"type\": \"" + jsonEscape(type) + "\"}";
        return new BadMessage("unknown type", new Text(text), new Error("UNKNOWN_TYPE"));
    }

    /** Over the message limit but under the frame limit: refused, and the connection stays usable. */
    public BadMessage overSizeLimit() {
        int bytes = MAX_MESSAGE_BYTES + 1 + random.nextInt(MAX_FRAME_BYTES - MAX_MESSAGE_BYTES - 64);
        String head = "{\"type\": \"start\", \"pad\": \"";
        return new BadMessage(
                "over the size limit",
                new Text(head + "x".repeat(bytes - head.length() - 2) + "\"}"),
                new Error("TOO_LARGE"));
    }

    /** Over the frame limit: the server stops reading and closes the connection (1009). */
    public BadMessage overFrameLimit() {
        int bytes = MAX_FRAME_BYTES + 1 + random.nextInt(MAX_FRAME_BYTES);
        // text only: a binary message is a background picture, read to its end (IMAGE_REFUSED when too large)
        return new BadMessage("over the frame limit", new Text("x".repeat(bytes)), new Closed(1009));
    }

    /** Random bytes, or a valid message sent as binary: either way not a picture, refused in any state. */
    public BadMessage binaryFrame() {
        byte[] data;
        if (random.nextBoolean()) {
            data = VALID[random.nextInt(VALID.length)].getBytes(StandardCharsets.UTF_8);
        } else {
            data = new byte[1 + random.nextInt(4096)];
            random.nextBytes(data);
        }
        return new BadMessage("binary frame", new Binary(data), new Error("IMAGE_REFUSED"));
    }

    /** Any of the kinds above that leave the connection open, in any protocol state. */
    public BadMessage recoverable() {
        List<Supplier<BadMessage>> kinds = List.of(
                this::malformedJson,
                this::malformedJson,
                this::wrongField,
                this::wrongField,
                this::unknownType,
                this::binaryFrame);
        return kinds.get(random.nextInt(kinds.size())).get();
    }

    /** Well-formed messages that are only accepted after {@code start}. */
    public BadMessage beforeStart() {
        String text = switch (random.nextInt(3)) {
            case 0 -> "{\"type\": \"offer\", \"sdp\": \"v=0\\r\\n\"}";
            case 1 ->
                "{\"type\": \"ice\", \"candidate\": \"candidate:1 1 udp 1 127.0.0.1 9 typ host\", \"sdpMid\": \"0\"}";
            default -> "{\"type\": \"options\", \"options\": {\"mirror\": false}}";
        };
        return new BadMessage("before start", new Text(text), new Error(OUT_OF_ORDER));
    }

    public BadMessage iceBeforeOffer() {
        return new BadMessage(
                "ICE before the offer", new Text(candidate(40000 + random.nextInt(1000))), new Error(OUT_OF_ORDER));
    }

    public BadMessage secondStart() {
        return new BadMessage("second start", new Text("{\"type\": \"start\"}"), new Error(OUT_OF_ORDER));
    }

    public BadMessage duplicateOffer(String sdp) {
        return new BadMessage(
                "duplicate offer",
                new Text("{\"type\": \"offer\", \"sdp\": \"" + jsonEscape(sdp) + "\"}"),
                new Error(OUT_OF_ORDER));
    }

    /** Starts like SDP (so it passes the message check) but WebRTC cannot parse it: the session ends. */
    public BadMessage invalidSdp() {
        String sdp = "v=0\r\n"
                + switch (random.nextInt(3)) {
                    case 0 -> "o=- x y IN IP4\r\nm=video banana\r\n";
                    case 1 -> randomText(1 + random.nextInt(500)).replace('=', '-') + "\r\n";
                    default ->
                        "o=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96\r\n";
                };
        return new BadMessage(
                "invalid SDP",
                new Text("{\"type\": \"offer\", \"sdp\": \"" + jsonEscape(sdp) + "\"}"),
                new Ended("negotiation_failed"));
    }

    /** A candidate line WebRTC cannot parse, after the offer. */
    public BadMessage unparsableCandidate() {
        String candidate = switch (random.nextInt(3)) {
            case 0 -> "candidate:this is not a candidate";
            case 1 -> "candidate:1 1 udp notanumber 127.0.0.1 9 typ host";
            default -> randomText(1 + random.nextInt(100));
        };
        String text = "{\"type\": \"ice\", \"candidate\": \"" + jsonEscape(candidate) + "\", \"sdpMid\": \"0\"}";
        return new BadMessage("unparsable candidate", new Text(text), new Error("BAD_FIELD"));
    }

    /** A valid candidate beyond the per-session cap. */
    public BadMessage surplusCandidate(int port) {
        return new BadMessage("candidate over the cap", new Text(candidate(port)), new Error("BAD_FIELD"));
    }

    /** A valid host candidate on the loopback (a closed port: checks to it go nowhere). */
    public static String candidate(int port) {
        return "{\"type\": \"ice\", \"candidate\": \"candidate:" + port + " 1 udp 2122260223 127.0.0.1 " + port
                + " typ host generation 0\", \"sdpMid\": \"0\", \"sdpMLineIndex\": 0}";
    }

    private String pick(List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** Random characters from the Basic Multilingual Plane, surrogates excepted (they are not valid UTF-8 alone). */
    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            int c = random.nextInt(4) == 0 ? random.nextInt(0xFFFE) + 1 : 0x20 + random.nextInt(0x5F);
            if (!Character.isSurrogate((char) c)) {
                text.append((char) c);
            }
        }
        return text.toString();
    }

    private static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
