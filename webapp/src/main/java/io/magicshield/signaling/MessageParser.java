package io.magicshield.signaling;

import io.magicshield.core.EffectOption;
import io.magicshield.rtc.IceCandidate;
import io.magicshield.session.MediaRole;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns one WebSocket text message into a {@link ClientMessage}, checking size, JSON syntax (duplicate keys
 * included), the type, the set of fields, each field's type and range. Anything else is a {@link ProtocolException}
 * whose message tells the page what was wrong.
 */
public final class MessageParser {

    /** Media section indexes in a browser's offer are small; this only stops nonsense. */
    private static final int MAX_MLINE_INDEX = 255;

    private final int maxMessageBytes;
    private final JsonProvider json;

    public MessageParser(int maxMessageBytes, JsonProvider json) {
        this.maxMessageBytes = maxMessageBytes;
        this.json = json;
    }

    /** Room ids are 22 characters; a longer one is refused before it is looked up (or logged). */
    private static final int MAX_ROOM_ID_CHARS = 64;

    public ClientMessage parse(String text) throws ProtocolException {
        int bytes = utf8Length(text);
        if (bytes > maxMessageBytes) {
            throw new ProtocolException(
                    ErrorCode.TOO_LARGE, "message is " + bytes + " bytes; the limit is " + maxMessageBytes);
        }
        JsonObject message = readObject(text);
        String type = requiredString(message, "type", "message");
        return switch (type) {
            case "start" -> {
                onlyFields(message, type, "type", "options");
                yield new ClientMessage.Start(message.containsKey("options") ? effectFields(message, type) : Map.of());
            }
            case "join" -> {
                onlyFields(message, type, "type", "room", "role", "options");
                String room = requiredString(message, "room", type);
                if (room.length() > MAX_ROOM_ID_CHARS) {
                    throw badField(type, "room", "is longer than " + MAX_ROOM_ID_CHARS + " characters");
                }
                MediaRole role = switch (requiredString(message, "role", type)) {
                    case "participant" -> MediaRole.CAMERA;
                    case "viewer" -> MediaRole.VIEWER;
                    default -> throw badField(type, "role", "must be participant or viewer");
                };
                yield new ClientMessage.Join(
                        room, role, message.containsKey("options") ? effectFields(message, type) : Map.of());
            }
            case "offer" -> {
                onlyFields(message, type, "type", "sdp");
                String sdp = requiredString(message, "sdp", type);
                if (!sdp.startsWith("v=0")) {
                    throw badField(type, "sdp", "must be a session description starting with v=0");
                }
                yield new ClientMessage.Offer(sdp);
            }
            case "ice" -> {
                onlyFields(message, type, "type", "candidate", "sdpMid", "sdpMLineIndex", "usernameFragment");
                yield new ClientMessage.Ice(candidate(message));
            }
            case "options" -> {
                onlyFields(message, type, "type", "options");
                if (!message.containsKey("options")) {
                    throw badField(type, "options", "is missing");
                }
                Map<EffectOption, Object> changes = effectFields(message, type);
                if (changes.isEmpty()) {
                    throw badField(type, "options", "must change at least one option");
                }
                yield new ClientMessage.Options(changes);
            }
            case "stop" -> {
                onlyFields(message, type, "type");
                yield new ClientMessage.Stop();
            }
            default ->
                throw new ProtocolException(
                        ErrorCode.UNKNOWN_TYPE,
                        "unknown message type '" + type + "'; expected start, join, offer, ice, options or stop");
        };
    }

    private JsonObject readObject(String text) throws ProtocolException {
        try (JsonParser parser = json.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "a message must be a JSON object");
            }
            JsonObject message = readObject(parser);
            if (parser.hasNext()) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "unexpected content after the JSON object");
            }
            return message;
        } catch (JsonException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "not valid JSON: " + e.getMessage());
        } catch (RuntimeException e) {
            // Parsson refuses input nested deeper than 1000 levels with a plain RuntimeException, not a JsonException
            throw new ProtocolException(ErrorCode.BAD_JSON, "not valid JSON: " + e.getMessage());
        }
    }

    /**
     * Builds the object the parser is in, refusing duplicate keys (JSON-P's own object building keeps the last
     * one silently, and a message that says two things must not be read as one of them).
     */
    private JsonObject readObject(JsonParser parser) throws ProtocolException {
        JsonObjectBuilder object = json.createObjectBuilder();
        Set<String> keys = new HashSet<>();
        while (parser.next() == JsonParser.Event.KEY_NAME) {
            String key = parser.getString();
            if (!keys.add(key)) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "duplicate key '" + key + "'");
            }
            JsonParser.Event event = parser.next();
            object.add(key, event == JsonParser.Event.START_OBJECT ? readObject(parser) : parser.getValue());
        }
        return object.build();
    }

    private static IceCandidate candidate(JsonObject message) throws ProtocolException {
        String candidate = requiredString(message, "candidate", "ice");
        String sdpMid = null;
        if (message.containsKey("sdpMid") && !message.isNull("sdpMid")) {
            sdpMid = requiredString(message, "sdpMid", "ice");
        }
        Integer index = null;
        if (message.containsKey("sdpMLineIndex") && !message.isNull("sdpMLineIndex")) {
            if (!(message.get("sdpMLineIndex") instanceof JsonNumber n)
                    || !n.isIntegral()
                    || n.doubleValue() < 0
                    || n.doubleValue() > MAX_MLINE_INDEX) {
                throw badField("ice", "sdpMLineIndex", "must be an integer from 0 to " + MAX_MLINE_INDEX);
            }
            index = n.intValue();
        }
        if (message.containsKey("usernameFragment") && !message.isNull("usernameFragment")) {
            requiredString(message, "usernameFragment", "ice");
        }
        if (!candidate.isEmpty() && sdpMid == null && index == null) {
            throw badField("ice", "sdpMid", "or sdpMLineIndex is required with a candidate");
        }
        return new IceCandidate(candidate, sdpMid, index);
    }

    private static Map<EffectOption, Object> effectFields(JsonObject message, String type) throws ProtocolException {
        if (!(message.get("options") instanceof JsonObject options)) {
            throw badField(type, "options", "must be an object");
        }
        Map<EffectOption, Object> fields = new EnumMap<>(EffectOption.class);
        for (Map.Entry<String, JsonValue> entry : options.entrySet()) {
            EffectOption field = EffectOption.byJsonName(entry.getKey())
                    .orElseThrow(() -> badField(type, "options." + entry.getKey(), "is not an option"));
            try {
                fields.put(field, field.check(javaValue(field, entry.getValue())));
            } catch (IllegalArgumentException e) {
                throw badField(type, "options." + field.jsonName(), "must be " + field.describeAccepted());
            }
        }
        return fields;
    }

    /** The JSON value as the field's Java type, or null when it has another JSON type (then check() refuses it). */
    private static Object javaValue(EffectOption field, JsonValue value) {
        return switch (field.kind()) {
            case BOOLEAN -> value == JsonValue.TRUE ? Boolean.TRUE : value == JsonValue.FALSE ? Boolean.FALSE : null;
            case INTEGER ->
                value instanceof JsonNumber n
                                && n.isIntegral()
                                && n.bigDecimalValue().abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0
                        ? n.intValue()
                        : null;
            case NUMBER -> value instanceof JsonNumber n ? n.doubleValue() : null;
            case CHOICE -> value instanceof JsonString s ? s.getString() : null;
        };
    }

    private static void onlyFields(JsonObject message, String type, String... allowed) throws ProtocolException {
        Set<String> known = Set.of(allowed);
        for (String key : message.keySet()) {
            if (!known.contains(key)) {
                throw badField(type, key, "is not a field of '" + type + "'");
            }
        }
    }

    private static String requiredString(JsonObject message, String field, String type) throws ProtocolException {
        JsonValue value = message.get(field);
        if (value == null) {
            throw badField(type, field, "is missing");
        }
        if (!(value instanceof JsonString s)) {
            throw badField(type, field, "must be a string");
        }
        return s.getString();
    }

    private static ProtocolException badField(String type, String field, String problem) {
        return new ProtocolException(ErrorCode.BAD_FIELD, type + ": " + field + " " + problem);
    }

    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isSurrogate(c)) {
                bytes += 2; // a pair is 4 bytes
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
