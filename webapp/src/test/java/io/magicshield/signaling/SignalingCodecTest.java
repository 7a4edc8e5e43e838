package io.magicshield.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.magicshield.core.EffectOption;
import io.magicshield.core.EffectOptions;
import io.magicshield.rtc.IceServer;
import io.magicshield.web.OriginPolicy;
import io.magicshield.web.TrustedProxies;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignalingCodecTest {

    private final SignalingCodec codec = new SignalingCodec(new SignalingSettings(
            65536, 20, new OriginPolicy(List.of(), true), Duration.ofSeconds(25), 16, new TrustedProxies(Set.of())));

    private JsonObject encoded(ServerMessage message) {
        return Json.createReader(new StringReader(codec.encode(message))).readObject();
    }

    @Test
    void readyCarriesIceServersAndOptions() {
        EffectOptions options = EffectOptions.defaults().with(EffectOption.OPEN_THRESHOLD, 0.75);
        JsonObject ready = encoded(new ServerMessage.Ready(
                "s-1",
                List.of(
                        IceServer.withoutCredentials(List.of("stun:stun.example.com:3478")),
                        new IceServer(List.of("turn:turn.example.com:3478"), "1700003600:s-1", "secret-hmac")),
                options,
                900,
                60,
                1500,
                null));
        assertEquals("ready", ready.getString("type"));
        assertFalse(ready.containsKey("room"), "a solo session's ready has no room");
        assertEquals(1500, ready.getInt("maxBitrateKbps"));
        assertEquals("s-1", ready.getString("sessionId"));
        assertEquals(900, ready.getInt("maxDurationSeconds"));
        assertEquals(60, ready.getInt("warningSeconds"));
        JsonObject stun = ready.getJsonArray("iceServers").getJsonObject(0);
        assertEquals("stun:stun.example.com:3478", stun.getJsonArray("urls").getString(0));
        assertFalse(stun.containsKey("username"), "absent credentials are left out, not null");
        JsonObject turn = ready.getJsonArray("iceServers").getJsonObject(1);
        assertEquals("1700003600:s-1", turn.getString("username"));
        assertEquals("secret-hmac", turn.getString("credential"));
        JsonObject effect = ready.getJsonObject("options");
        assertEquals(true, effect.getBoolean("mirror"));
        assertEquals(2, effect.getInt("maxHands"));
        assertEquals("full", effect.getString("model"));
        assertEquals(0.75, effect.getJsonNumber("openThreshold").doubleValue());
        assertEquals(60.0, effect.getJsonNumber("degreesPerSecond").doubleValue());
    }

    @Test
    void errorAndEnded() {
        JsonObject error = encoded(new ServerMessage.Error(ErrorCode.SERVER_FULL, "all 4 sessions are in use"));
        assertEquals("error", error.getString("type"));
        assertEquals("SERVER_FULL", error.getString("code"));
        assertEquals("all 4 sessions are in use", error.getString("message"));
        JsonObject ended = encoded(new ServerMessage.Ended("time_limit", "reached 900 s"));
        assertEquals("ended", ended.getString("type"));
        assertEquals("time_limit", ended.getString("reason"));
    }

    @Test
    void candidateFields() {
        JsonObject ice = encoded(new ServerMessage.Ice("candidate:1 1 udp 1 127.0.0.1 5000 typ host", "0", 0));
        assertEquals("ice", ice.getString("type"));
        assertEquals("0", ice.getString("sdpMid"));
        assertEquals(0, ice.getInt("sdpMLineIndex"));
    }
}
