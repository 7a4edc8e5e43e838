package io.magicshield.media;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The effect's tunables: one definition of each name, type and allowed range, shared by the signaling protocol
 * (JSON name), the configuration (property {@code magicshield.effect.<kebab-name>}) and {@link EffectSettings}.
 */
public enum EffectField {
    MIRROR("mirror", Kind.BOOLEAN, 0, 0),
    MAX_HANDS("maxHands", Kind.INTEGER, 1, 4),
    MODEL("model", Kind.CHOICE, 0, 0, "full", "lite"),
    SHOW_RATIO("showRatio", Kind.NUMBER, 0.1, 5.0),
    HYSTERESIS("hysteresis", Kind.NUMBER, 0.0, 1.0),
    SHIELD_SCALE("shieldScale", Kind.NUMBER, 0.5, 5.0),
    DEGREES_PER_SECOND("degreesPerSecond", Kind.NUMBER, -1440, 1440),
    HAND_LINES("handLines", Kind.BOOLEAN, 0, 0),
    LANDMARK_DEBUG("landmarkDebug", Kind.BOOLEAN, 0, 0);

    public enum Kind {
        BOOLEAN(Boolean.class), INTEGER(Integer.class), NUMBER(Double.class), CHOICE(String.class);

        private final Class<?> javaType;

        Kind(Class<?> javaType) {
            this.javaType = javaType;
        }

        public Class<?> javaType() {
            return javaType;
        }
    }

    private final String jsonName;
    private final Kind kind;
    private final double min;
    private final double max;
    private final List<String> choices;

    EffectField(String jsonName, Kind kind, double min, double max, String... choices) {
        this.jsonName = jsonName;
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.choices = List.of(choices);
    }

    public String jsonName() {
        return jsonName;
    }

    public Kind kind() {
        return kind;
    }

    /** e.g. {@code maxHands} -> {@code max-hands} */
    public String propertyName() {
        return jsonName.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    public static Optional<EffectField> byJsonName(String name) {
        return Stream.of(values()).filter(f -> f.jsonName.equals(name)).findFirst();
    }

    /**
     * @return the value as this field's Java type ({@link Kind#javaType()})
     * @throws IllegalArgumentException naming the field and what it accepts
     */
    public Object check(Object value) {
        boolean ok = switch (kind) {
            case BOOLEAN -> value instanceof Boolean;
            case INTEGER -> value instanceof Integer i && i >= min && i <= max;
            case NUMBER -> value instanceof Number n && Double.isFinite(n.doubleValue())
                    && n.doubleValue() >= min && n.doubleValue() <= max;
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
}
