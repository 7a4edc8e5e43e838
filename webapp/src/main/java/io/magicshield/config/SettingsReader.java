package io.magicshield.config;

import io.magicshield.cluster.DrainSettings;
import io.magicshield.core.EffectOption;
import io.magicshield.core.EffectOptions;
import io.magicshield.core.InferenceEngine;
import io.magicshield.media.EngineSettings;
import io.magicshield.media.MediaSettings;
import io.magicshield.metrics.MetricsAccess;
import io.magicshield.room.RoomLimits;
import io.magicshield.rtc.IceSettings;
import io.magicshield.rtc.MaxBitrate;
import io.magicshield.rtc.PortRange;
import io.magicshield.rtc.RtcSettings;
import io.magicshield.rtc.StartBitrate;
import io.magicshield.session.SessionLimits;
import io.magicshield.signaling.BackgroundImageLimits;
import io.magicshield.signaling.SignalingSettings;
import io.magicshield.source.Cidr;
import io.magicshield.source.SourcePolicy;
import io.magicshield.source.SourceSettings;
import io.magicshield.web.OriginPolicy;
import io.magicshield.web.TrustedProxies;
import io.magicshield.whip.WhipAccess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * Maps MicroProfile Config properties ({@code magicshield.*}; environment variables such as
 * {@code MAGICSHIELD_SESSIONS_MAX} override them) onto each domain's settings record. Defaults live in
 * {@code META-INF/microprofile-config.properties}, the effect options' in their table ({@link EffectOption}); a
 * value that cannot be used fails with the property's name.
 */
public final class SettingsReader {

    static final String PREFIX = "magicshield.";

    private final Config config;

    public SettingsReader(Config config) {
        this.config = config;
    }

    public SessionLimits sessionLimits() {
        return build(
                "magicshield.sessions.*",
                () -> new SessionLimits(
                        integer("sessions.max"),
                        integer("sessions.cpu-threshold-percent") / 100.0,
                        seconds("sessions.max-duration-seconds"),
                        seconds("sessions.warning-seconds"),
                        seconds("sessions.offer-timeout-seconds"),
                        seconds("sessions.media-timeout-seconds"),
                        seconds("sessions.disconnect-grace-seconds"),
                        integer("sessions.rate-limit.starts"),
                        seconds("sessions.rate-limit.window-seconds")));
    }

    public RoomLimits roomLimits() {
        return build(
                "magicshield.rooms.*",
                () -> new RoomLimits(
                        integer("rooms.participants-per-room"),
                        integer("rooms.viewers-per-room"),
                        integer("rooms.max"),
                        integer("rooms.create-rate.rooms"),
                        seconds("rooms.create-rate.window-seconds"),
                        seconds("rooms.empty-grace-seconds")));
    }

    public BackgroundImageLimits backgroundImageLimits() {
        return build(
                "magicshield.background-image.*",
                () -> new BackgroundImageLimits(
                        integer("background-image.max-bytes"), integer("background-image.max-pixels")));
    }

    public SignalingSettings signalingSettings() {
        return build(
                "magicshield.signaling.* / magicshield.origins.*",
                () -> new SignalingSettings(
                        integer("signaling.max-message-bytes"),
                        integer("signaling.max-errors"),
                        new OriginPolicy(list("origins.allowed"), bool("origins.allow-localhost")),
                        seconds("signaling.keep-alive-seconds"),
                        integer("signaling.max-sockets-per-address"),
                        new TrustedProxies(Set.copyOf(list("signaling.trusted-proxies")))));
    }

    public DrainSettings drainSettings() {
        return build(DrainSettings.PROPERTY, () -> new DrainSettings(seconds("cluster.drain-deadline-seconds")));
    }

    /** Unset or empty: no token, metrics for loopback clients only. */
    public MetricsAccess metricsAccess() {
        return build(
                MetricsAccess.PROPERTY,
                () -> new MetricsAccess(config.getOptionalValue(MetricsAccess.PROPERTY, String.class)
                        .orElse(null)));
    }

    public WhipAccess whipAccess() {
        return build(
                "magicshield.whip.*",
                () -> new WhipAccess(
                        list("whip.tokens"),
                        config.getOptionalValue(WhipAccess.SECRET_PROPERTY, String.class)
                                .orElse(null)));
    }

    public SourceSettings sourceSettings() {
        return build(
                "magicshield.sources.*",
                () -> new SourceSettings(
                        new SourcePolicy(
                                list("sources.allowed-networks").stream()
                                        .map(Cidr::parse)
                                        .toList(),
                                list("sources.allowed-ports").stream()
                                        .map(Integer::valueOf)
                                        .collect(Collectors.toSet()),
                                config.getOptionalValue(PREFIX + "sources.folder", String.class)
                                        .map(Path::of)
                                        .orElse(null)),
                        config.getOptionalValue(PREFIX + "sources.token", String.class)
                                .orElse(null),
                        integer("sources.max"),
                        Duration.ofMillis(integer("sources.timeout-ms")),
                        Duration.ofMillis(integer("sources.backoff-ms")),
                        Duration.ofMillis(integer("sources.max-backoff-ms")),
                        list("sources.urls")));
    }

    public RtcSettings rtcSettings() {
        IceSettings ice = build(
                "magicshield.ice.*",
                () -> new IceSettings(
                        list("ice.stun-urls"),
                        list("ice.turn-urls"),
                        config.getOptionalValue(PREFIX + "ice.turn-secret", String.class)
                                .orElse(null),
                        seconds("ice.turn-ttl-seconds")));
        PortRange ports = build(
                PREFIX + "rtc.udp-ports",
                () -> config.getOptionalValue(PREFIX + "rtc.udp-ports", String.class)
                        .map(PortRange::parse)
                        .orElse(PortRange.ANY));
        StartBitrate start = build(
                PREFIX + "rtc.start-bitrate-kbps",
                () -> new StartBitrate(required("rtc.start-bitrate-kbps", Integer.class)));
        MaxBitrate max = build(
                PREFIX + "rtc.max-bitrate-kbps", () -> new MaxBitrate(required("rtc.max-bitrate-kbps", Integer.class)));
        return new RtcSettings(ice, ports, start, max);
    }

    public MediaSettings mediaSettings() {
        Map<EffectOption, Object> values = new EnumMap<>(EffectOption.class);
        for (EffectOption option : EffectOption.values()) {
            String name = "effect." + option.propertyName();
            values.put(
                    option,
                    build(
                            PREFIX + name,
                            () -> option.check(optional(name, option.kind().javaType())
                                    .<Object>map(v -> v)
                                    .orElse(option.defaultValue()))));
        }
        EffectOptions defaults = EffectOptions.of(values);
        int outputBuffers = integer("media.output-buffers");
        int maxFramePixels = integer("media.max-frame-pixels");
        EngineSettings engine = build(
                "magicshield.native.*",
                () -> new EngineSettings(
                        required("native.backend", String.class),
                        InferenceEngine.fromConfigName(required("native.engine", String.class)),
                        integer("native.inference-threads"),
                        integer("native.networks-per-model"),
                        bool("native.adaptive"),
                        integer("native.min-inference-interval-ms"),
                        bool("native.pipelined-inference")));
        return build(
                PREFIX + "media.output-buffers",
                () -> new MediaSettings(defaults, outputBuffers, maxFramePixels, engine));
    }

    private int integer(String name) {
        return build(PREFIX + name, () -> required(name, Integer.class));
    }

    private boolean bool(String name) {
        return build(PREFIX + name, () -> required(name, Boolean.class));
    }

    private Duration seconds(String name) {
        return Duration.ofSeconds(build(PREFIX + name, () -> required(name, Long.class)));
    }

    /** A comma-separated list; unset or empty means none. */
    private List<String> list(String name) {
        return build(
                PREFIX + name,
                () -> config.getOptionalValues(PREFIX + name, String.class)
                        .map(values -> values.stream()
                                .map(String::trim)
                                .filter(v -> !v.isEmpty())
                                .toList())
                        .orElse(List.of()));
    }

    private <T> T required(String name, Class<T> type) {
        return optional(name, type).orElseThrow(() -> new NoSuchElementException(PREFIX + name + " is not set"));
    }

    private <T> Optional<T> optional(String name, Class<T> type) {
        if (type == Boolean.class) {
            return config.getOptionalValue(PREFIX + name, String.class).map(v -> type.cast(strictBoolean(v)));
        }
        return config.getOptionalValue(PREFIX + name, type);
    }

    /** MicroProfile Config reads any word but a few as false; a typo must not switch a feature off unseen. */
    private static boolean strictBoolean(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got \"" + value + "\"");
        };
    }

    private static <T> T build(String what, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (IllegalArgumentException | NoSuchElementException e) {
            throw new InvalidConfigException("invalid configuration " + what + ": " + e.getMessage(), e);
        }
    }
}
