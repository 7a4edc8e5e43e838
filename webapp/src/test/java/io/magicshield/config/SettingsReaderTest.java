package io.magicshield.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.cluster.DrainSettings;
import io.magicshield.core.EffectOption;
import io.magicshield.core.EffectOptions;
import io.magicshield.core.InferenceEngine;
import io.magicshield.media.EngineSettings;
import io.magicshield.media.MediaSettings;
import io.magicshield.metrics.MetricsAccess;
import io.magicshield.rtc.MaxBitrate;
import io.magicshield.rtc.PortRange;
import io.magicshield.rtc.RtcSettings;
import io.magicshield.rtc.StartBitrate;
import io.magicshield.session.SessionLimits;
import io.magicshield.signaling.SignalingSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {

    /** The WAR's own META-INF/microprofile-config.properties, with {@code overrides} on top. */
    private static SettingsReader reader(Map<String, String> overrides) {
        Config config = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .withSources(new PropertiesConfigSource(overrides, "test", 500))
                .build();
        return new SettingsReader(config);
    }

    @Test
    void shippedDefaults() {
        SettingsReader reader = reader(Map.of());
        SessionLimits limits = reader.sessionLimits();
        assertEquals(4, limits.maxSessions());
        assertEquals(0.8, limits.cpuThreshold());
        assertEquals(Duration.ofSeconds(900), limits.maxDuration());
        assertEquals(Duration.ofSeconds(60), limits.warningBefore());
        assertEquals(10, limits.rateLimitStarts());
        SignalingSettings signaling = reader.signalingSettings();
        assertEquals(65536, signaling.maxMessageBytes());
        assertEquals(List.of(), signaling.origins().allowed());
        assertTrue(signaling.origins().allowLocalhost());
        assertEquals(Duration.ofSeconds(25), signaling.keepAlive());
        assertEquals(16, signaling.maxSocketsPerAddress());
        assertEquals(new MetricsAccess(null), reader.metricsAccess());
        assertEquals(new DrainSettings(Duration.ofSeconds(300)), reader.drainSettings());
        RtcSettings rtc = reader.rtcSettings();
        assertEquals(PortRange.ANY, rtc.udpPorts());
        assertEquals(new StartBitrate(300), rtc.startBitrate());
        assertEquals(new MaxBitrate(1200), rtc.maxBitrate());
        assertEquals(List.of(), rtc.ice().stunUrls());
        MediaSettings media = reader.mediaSettings();
        assertEquals(EffectOptions.defaults(), media.effectDefaults(), "the table's defaults");
        assertEquals(8, media.outputBuffers());
        assertEquals(1920 * 1080, media.maxFramePixels());
        assertEquals(new EngineSettings("auto", InferenceEngine.TFLITE, 0, 2, true, 0, true), media.engine());
    }

    @Test
    void overridesListsAndRanges() {
        SettingsReader reader = reader(Map.of(
                "magicshield.sessions.max", "8",
                "magicshield.sessions.cpu-threshold-percent", "95",
                "magicshield.origins.allowed", "https://kiosk.example.org, https://shield.example.com",
                "magicshield.ice.stun-urls", "stun:stun.example.com:3478",
                "magicshield.ice.turn-urls", "turn:turn.example.com:3478?transport=udp,turns:turn.example.com:5349",
                "magicshield.ice.turn-secret", "s3cret",
                "magicshield.rtc.udp-ports", "50000-50100",
                "magicshield.effect.model", "lite",
                "magicshield.effect.mirror", "false",
                "magicshield.native.pipelined-inference", "false"));
        assertEquals(8, reader.sessionLimits().maxSessions());
        assertEquals(0.95, reader.sessionLimits().cpuThreshold());
        assertEquals(
                List.of("https://kiosk.example.org", "https://shield.example.com"),
                reader.signalingSettings().origins().allowed());
        RtcSettings rtc = reader.rtcSettings();
        assertEquals(
                List.of("turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:5349"),
                rtc.ice().turnUrls());
        assertEquals(new PortRange(50000, 50100), rtc.udpPorts());
        EffectOptions effect = reader.mediaSettings().effectDefaults();
        assertEquals("lite", effect.get(EffectOption.MODEL));
        assertEquals(false, effect.get(EffectOption.MIRROR));
        assertEquals(
                EffectOption.OPEN_THRESHOLD.defaultValue(),
                effect.get(EffectOption.OPEN_THRESHOLD),
                "unset: the table's");
        assertFalse(reader.mediaSettings().engine().pipelinedInference());
    }

    @Test
    void overridesTheSurface() {
        SettingsReader reader = reader(Map.of(
                "magicshield.signaling.max-sockets-per-address", "64",
                "magicshield.metrics.token", "0123456789abcdef0123"));
        assertEquals(64, reader.signalingSettings().maxSocketsPerAddress());
        assertEquals("0123456789abcdef0123", reader.metricsAccess().token());
    }

    @Test
    void theInferenceEngineIsChosenByName() {
        assertEquals(
                InferenceEngine.OPENCV,
                reader(Map.of("magicshield.native.engine", "opencv"))
                        .mediaSettings()
                        .engine()
                        .inferenceEngine());
    }

    @Test
    void anEmptyMetricsTokenMeansNone() {
        assertEquals(
                new MetricsAccess(null),
                reader(Map.of("magicshield.metrics.token", "")).metricsAccess());
    }

    private static void invalid(String property, String value, String expected) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> {
            SettingsReader reader = reader(Map.of(property, value));
            reader.sessionLimits();
            reader.signalingSettings();
            reader.rtcSettings();
            reader.mediaSettings();
            reader.metricsAccess();
            reader.drainSettings();
        });
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void badValuesNameTheProperty() {
        invalid("magicshield.sessions.max", "lots", "magicshield.sessions.max");
        invalid("magicshield.sessions.max", "0", "max sessions must be at least 1");
        invalid("magicshield.sessions.cpu-threshold-percent", "150", "CPU threshold");
        invalid("magicshield.sessions.warning-seconds", "2000", "warning must come before the max duration");
        invalid("magicshield.rtc.udp-ports", "70000-80000", "magicshield.rtc.udp-ports");
        invalid(
                "magicshield.rtc.start-bitrate-kbps",
                "50",
                "the start bitrate must be 0 (libwebrtc's own) or from 100");
        invalid("magicshield.rtc.max-bitrate-kbps", "99", "magicshield.rtc.max-bitrate-kbps");
        invalid("magicshield.rtc.max-bitrate-kbps", "-1", "0 (no cap) or from 100 to 50000");
        invalid("magicshield.ice.turn-urls", "turn:turn.example.com", "TURN urls are set but the TURN secret is not");
        invalid("magicshield.effect.model", "huge", "magicshield.effect.model: model must be one of full, lite");
        invalid("magicshield.effect.open-threshold", "9", "magicshield.effect.open-threshold");
        invalid("magicshield.media.output-buffers", "2", "output buffers must be from 3 to 16");
        invalid("magicshield.signaling.max-message-bytes", "10", "max message size");
        invalid("magicshield.cluster.drain-deadline-seconds", "-1", "the drain deadline must be 0 to 86400 s");
        invalid("magicshield.cluster.drain-deadline-seconds", "soon", "magicshield.cluster.drain-deadline-seconds");
        invalid("magicshield.signaling.max-sockets-per-address", "0", "max sockets per address must be at least 1");
        invalid(
                "magicshield.signaling.max-sockets-per-address",
                "many",
                "magicshield.signaling.max-sockets-per-address");
        invalid(
                "magicshield.metrics.token",
                "secret",
                "magicshield.metrics.token: the metrics token must be at least 16");
        invalid(
                "magicshield.native.pipelined-inference",
                "sometimes",
                "magicshield.native.pipelined-inference: expected true or false, got \"sometimes\"");
        invalid("magicshield.effect.mirror", "ture", "magicshield.effect.mirror");
        invalid("magicshield.effect.fade-ms", "-5", "magicshield.effect.fade-ms: fadeMs must be a number from 0.0");
        invalid("magicshield.effect.max-hands", "2.5", "magicshield.effect.max-hands");
        invalid(
                "magicshield.native.engine",
                "xnnpack",
                "the inference engine must be tflite or opencv (got 'xnnpack')");
        invalid(
                "magicshield.native.min-inference-interval-ms",
                "5000",
                "the least inference interval must be from 0 to 1000 ms, got 5000");
    }
}
