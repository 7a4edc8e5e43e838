package io.magicshield.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.core.EffectOption;
import io.magicshield.session.MediaRole;
import jakarta.json.spi.JsonProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageParserTest {

    private final MessageParser parser = new MessageParser(4096, JsonProvider.provider());

    private ProtocolException refused(String text) {
        return assertThrows(ProtocolException.class, () -> parser.parse(text));
    }

    @Test
    void startWithOptions() throws Exception {
        var start = assertInstanceOf(
                ClientMessage.Start.class,
                parser.parse("{\"type\":\"start\",\"options\":{\"mirror\":false,\"maxHands\":1,\"openThreshold\":0.65,"
                        + "\"model\":\"lite\",\"handLines\":true}}"));
        assertEquals(
                Map.of(
                        EffectOption.MIRROR,
                        false,
                        EffectOption.MAX_HANDS,
                        1,
                        EffectOption.OPEN_THRESHOLD,
                        0.65,
                        EffectOption.MODEL,
                        "lite",
                        EffectOption.HAND_LINES,
                        true),
                start.options());
    }

    @Test
    void startWithoutOptions() throws Exception {
        assertEquals(
                Map.of(),
                assertInstanceOf(ClientMessage.Start.class, parser.parse("{\"type\":\"start\"}"))
                        .options());
    }

    @Test
    void joinAsParticipantOrViewer() throws Exception {
        var participant = assertInstanceOf(
                ClientMessage.Join.class,
                parser.parse("{\"type\":\"join\",\"room\":\"abc\",\"role\":\"participant\","
                        + "\"options\":{\"maxHands\":1}}"));
        assertEquals(new ClientMessage.Join("abc", MediaRole.CAMERA, Map.of(EffectOption.MAX_HANDS, 1)), participant);
        assertEquals(
                new ClientMessage.Join("abc", MediaRole.VIEWER, Map.of()),
                parser.parse("{\"type\":\"join\",\"room\":\"abc\",\"role\":\"viewer\"}"));
    }

    @Test
    void offerIceOptionsStop() throws Exception {
        assertEquals(
                "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n",
                assertInstanceOf(
                                ClientMessage.Offer.class,
                                parser.parse(
                                        "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n\"}"))
                        .sdp());
        var ice = assertInstanceOf(
                ClientMessage.Ice.class,
                parser.parse("{\"type\":\"ice\",\"candidate\":"
                        + "\"candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,"
                        + "\"usernameFragment\":\"abcd\"}"));
        assertEquals("0", ice.candidate().sdpMid());
        assertEquals(0, ice.candidate().sdpMLineIndex());
        var endOfCandidates = assertInstanceOf(
                ClientMessage.Ice.class,
                parser.parse("{\"type\":\"ice\",\"candidate\":\"\",\"sdpMid\":null,\"sdpMLineIndex\":null}"));
        assertEquals("", endOfCandidates.candidate().candidate());
        assertEquals(
                Map.of(EffectOption.LANDMARK_DEBUG, true),
                assertInstanceOf(
                                ClientMessage.Options.class,
                                parser.parse("{\"type\":\"options\",\"options\":{\"landmarkDebug\":true}}"))
                        .changes());
        assertInstanceOf(ClientMessage.Stop.class, parser.parse("{\"type\":\"stop\"}"));
    }

    /** Parsson stops at 1000 levels with a plain RuntimeException; it used to escape as INTERNAL (close 1011). */
    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":", "["})
    void nestingBeyondTheParsersLimitIsBadJson(String level) {
        String deep = "{\"type\":\"start\",\"options\":" + level.repeat(1500);
        MessageParser roomy = new MessageParser(65536, JsonProvider.provider());
        assertEquals(
                ErrorCode.BAD_JSON,
                assertThrows(ProtocolException.class, () -> roomy.parse(deep)).code());
    }

    @Test
    void tooLargeCountsUtf8Bytes() {
        String padding = "é".repeat(2100); // 2100 characters, 4200 bytes
        ProtocolException e = refused("{\"type\":\"offer\",\"sdp\":\"v=0 " + padding + "\"}");
        assertEquals(ErrorCode.TOO_LARGE, e.code());
        assertTrue(e.getMessage().contains("limit is 4096"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{",
                "not json",
                "{\"type\":\"stop\"} trailing",
                "{\"type\":\"stop\",}",
                "[1,2]",
                "\"start\"",
                "42",
                "null",
                "{\"type\":\"start\",\"type\":\"stop\"}"
            })
    void badJson(String text) {
        assertEquals(ErrorCode.BAD_JSON, refused(text).code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"hello\"}", "{\"type\":\"START\"}", "{\"type\":\"\"}"})
    void unknownType(String text) {
        ProtocolException e = refused(text);
        assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
        assertTrue(e.getMessage().contains("expected start, join, offer, ice, options or stop"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{}                                                               | message: type is missing",
                "{\"type\":7}                                                     | message: type must be a string",
                "{\"type\":\"stop\",\"now\":true}                                 | stop: now is not a field of 'stop'",
                "{\"type\":\"offer\"}                                             | offer: sdp is missing",
                "{\"type\":\"offer\",\"sdp\":42}                                  | offer: sdp must be a string",
                "{\"type\":\"offer\",\"sdp\":\"hello\"}                           | offer: sdp must be a session description",
                "{\"type\":\"ice\",\"candidate\":\"candidate:1\"}                 | ice: sdpMid or sdpMLineIndex is required",
                "{\"type\":\"ice\",\"candidate\":\"c\",\"sdpMLineIndex\":-1}      | ice: sdpMLineIndex must be an integer",
                "{\"type\":\"ice\",\"candidate\":\"c\",\"sdpMLineIndex\":1.5}     | ice: sdpMLineIndex must be an integer",
                "{\"type\":\"ice\",\"candidate\":\"c\",\"sdpMid\":0}              | ice: sdpMid must be a string",
                "{\"type\":\"ice\",\"candidate\":null,\"sdpMid\":\"0\"}           | ice: candidate must be a string",
                "{\"type\":\"start\",\"options\":[]}                              | start: options must be an object",
                "{\"type\":\"start\",\"options\":{\"sparkles\":true}}             | start: options.sparkles is not an option",
                "{\"type\":\"start\",\"options\":{\"mirror\":\"yes\"}}            | start: options.mirror must be true or false",
                "{\"type\":\"start\",\"options\":{\"maxHands\":9}}                | start: options.maxHands must be an integer from 1 to 4",
                "{\"type\":\"start\",\"options\":{\"maxHands\":1.5}}              | start: options.maxHands must be an integer",
                "{\"type\":\"start\",\"options\":{\"maxHands\":99999999999}}      | start: options.maxHands must be an integer",
                "{\"type\":\"start\",\"options\":{\"openThreshold\":1.5}}          | start: options.openThreshold must be a number from 0.0 to 1.0",
                "{\"type\":\"start\",\"options\":{\"openThreshold\":\"1\"}}        | start: options.openThreshold must be a number",
                "{\"type\":\"start\",\"options\":{\"model\":\"huge\"}}            | start: options.model must be one of full, lite",
                "{\"type\":\"options\"}                                           | options: options is missing",
                "{\"type\":\"join\",\"role\":\"viewer\"}                          | join: room is missing",
                "{\"type\":\"join\",\"room\":1,\"role\":\"viewer\"}               | join: room must be a string",
                "{\"type\":\"join\",\"room\":\"r\",\"role\":\"host\"}             | join: role must be participant or viewer",
                "{\"type\":\"join\",\"room\":\"r\",\"role\":\"viewer\",\"x\":1}   | join: x is not a field of 'join'",
                "{\"type\":\"options\",\"options\":{}}                            | options: options must change at least one option",
                "{\"type\":\"options\",\"options\":{\"degreesPerSecond\":1e9}}    | options: options.degreesPerSecond must be a number",
            })
    void badField(String text, String expected) {
        ProtocolException e = refused(text.trim());
        assertEquals(ErrorCode.BAD_FIELD, e.code(), e.getMessage());
        assertTrue(e.getMessage().startsWith(expected.trim()), e.getMessage());
    }

    @Test
    void utf8Length() {
        assertEquals(1, MessageParser.utf8Length("a"));
        assertEquals(2, MessageParser.utf8Length("é"));
        assertEquals(3, MessageParser.utf8Length("€"));
        assertEquals(4, MessageParser.utf8Length("😀"));
    }
}
