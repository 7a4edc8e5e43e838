package io.magicshield.core;

import io.magicshield.core.jni.MagicShieldNative;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * The effect's options: the one table that every layer reads. Each row is an option's protocol name (the
 * configuration property is {@code magicshield.effect.<kebab-name>}), its kind, range and default, the label and step
 * of the page's control, and the native field it sets. The server validates with it, the page builds its controls
 * from it ({@code GET /effect-options}) and the native core checks only what memory safety needs.
 *
 * <p>Adding an option: a row here, its field in {@code magicshield.h} with the native mapping's accessor, and the
 * stage that reads it.
 */
public enum EffectOption {
    MIRROR("mirror", "Mirror (selfie view)", Kind.BOOLEAN, 0, 0, 0, true, (n, v) -> n.mirror((Boolean) v)),
    MAX_HANDS("maxHands", "Hands tracked", Kind.INTEGER, 1, 4, 1, 2, (n, v) -> n.max_hands((Integer) v)),
    MODEL("model", "Model", Kind.CHOICE, 0, 0, 0, "full", (n, v) -> n.model(v.equals("full") ? 1 : 0), "full", "lite"),
    // The open score (0..1) a hand must pass for the shield; at 0.5 every criterion is at least halfway. Open hands on
    // the shared photos and clips score from 0.87 and 0.40 (the first frame after an "OK"), other hands at most 0.28.
    OPEN_THRESHOLD(
            "openThreshold",
            "Open-hand threshold",
            Kind.NUMBER,
            0.0,
            1.0,
            0.05,
            0.5,
            (n, v) -> n.open_threshold(((Double) v).floatValue())),
    HYSTERESIS(
            "hysteresis",
            "Hysteresis",
            Kind.NUMBER,
            0.0,
            1.0,
            0.01,
            0.1,
            (n, v) -> n.hysteresis(((Double) v).floatValue())),
    SHIELD_SCALE(
            "shieldScale",
            "Shield size",
            Kind.NUMBER,
            0.5,
            5.0,
            0.1,
            2.0,
            (n, v) -> n.shield_scale(((Double) v).floatValue())),
    // The prototype turned 2 degrees a frame at 30 fps.
    DEGREES_PER_SECOND(
            "degreesPerSecond",
            "Spin (degrees/s)",
            Kind.NUMBER,
            -1440,
            1440,
            10,
            60.0,
            (n, v) -> n.degrees_per_second(((Double) v).floatValue())),
    FADE_MS(
            "fadeMs",
            "Shield fade (ms)",
            Kind.NUMBER,
            0,
            1000,
            10,
            150.0,
            (n, v) -> n.fade_ms(((Double) v).floatValue())),
    HAND_LINES("handLines", "Hand lines", Kind.BOOLEAN, 0, 0, 0, true, (n, v) -> n.hand_lines((Boolean) v)),
    LANDMARK_DEBUG(
            "landmarkDebug", "Landmark debug", Kind.BOOLEAN, 0, 0, 0, false, (n, v) -> n.landmark_debug((Boolean) v)),
    BACKGROUND(
            "background",
            "Background",
            Kind.CHOICE,
            0,
            0,
            0,
            "off",
            (n, v) -> n.background(NativeOrder.BACKGROUNDS.indexOf(v)),
            NativeOrder.BACKGROUNDS.toArray(String[]::new));

    /** Choices whose index is their native value; a holder, as a constant's initializer cannot read itself. */
    private static final class NativeOrder {
        /** In the order of magicshield::Background. */
        static final List<String> BACKGROUNDS = List.of("off", "blur", "scene", "image");
    }

    /** An option's value type: JSON's type on the wire, this Java type in {@link EffectOptions}. */
    public enum Kind {
        BOOLEAN(Boolean.class),
        INTEGER(Integer.class),
        NUMBER(Double.class),
        CHOICE(String.class);

        private final Class<?> javaType;

        Kind(Class<?> javaType) {
            this.javaType = javaType;
        }

        public Class<?> javaType() {
            return javaType;
        }
    }

    private final String jsonName;
    private final String label;
    private final Kind kind;
    private final double min;
    private final double max;
    private final double step;
    private final Object defaultValue;
    private final BiConsumer<MagicShieldNative.EffectOptions, Object> nativeField;
    private final List<String> choices;

    EffectOption(
            String jsonName,
            String label,
            Kind kind,
            double min,
            double max,
            double step,
            Object defaultValue,
            BiConsumer<MagicShieldNative.EffectOptions, Object> nativeField,
            String... choices) {
        this.jsonName = jsonName;
        this.label = label;
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.step = step;
        this.choices = List.of(choices);
        this.nativeField = nativeField;
        this.defaultValue = defaultValue;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The page control's label. */
    public String label() {
        return label;
    }

    public Kind kind() {
        return kind;
    }

    /** Lowest accepted value (INTEGER and NUMBER). */
    public double min() {
        return min;
    }

    /** Highest accepted value (INTEGER and NUMBER). */
    public double max() {
        return max;
    }

    /** The page control's step (INTEGER and NUMBER). */
    public double step() {
        return step;
    }

    /** The accepted values of a CHOICE; empty for other kinds. */
    public List<String> choices() {
        return choices;
    }

    /** The default when the configuration does not set one, of {@link Kind#javaType()}. */
    public Object defaultValue() {
        return defaultValue;
    }

    /** e.g. {@code maxHands} -> {@code max-hands}: the property {@code magicshield.effect.max-hands}. */
    public String propertyName() {
        return jsonName.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    public static Optional<EffectOption> byJsonName(String name) {
        return Stream.of(values()).filter(f -> f.jsonName.equals(name)).findFirst();
    }

    /**
     * @return the value as this option's Java type ({@link Kind#javaType()}); a NUMBER accepts any finite number
     * @throws IllegalArgumentException naming the option and what it accepts
     */
    public Object check(Object value) {
        boolean ok = switch (kind) {
            case BOOLEAN -> value instanceof Boolean;
            case INTEGER -> value instanceof Integer i && i >= min && i <= max;
            case NUMBER ->
                value instanceof Number n
                        && Double.isFinite(n.doubleValue())
                        && n.doubleValue() >= min
                        && n.doubleValue() <= max;
            case CHOICE -> value instanceof String s && choices.contains(s);
        };
        if (!ok) {
            throw new IllegalArgumentException(jsonName + " must be " + describeAccepted() + ", got " + value);
        }
        return kind == Kind.NUMBER ? ((Number) value).doubleValue() : value;
    }

    public String describeAccepted() {
        return switch (kind) {
            case BOOLEAN -> "true or false";
            case INTEGER -> "an integer from " + (int) min + " to " + (int) max;
            case NUMBER -> "a number from " + min + " to " + max;
            case CHOICE -> "one of " + String.join(", ", choices);
        };
    }

    /** Sets this option's native field; {@code value} was checked. */
    void writeTo(MagicShieldNative.EffectOptions target, Object value) {
        nativeField.accept(target, value);
    }
}
