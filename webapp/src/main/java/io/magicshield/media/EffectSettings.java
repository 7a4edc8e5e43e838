package io.magicshield.media;

import static io.magicshield.media.EffectField.DEGREES_PER_SECOND;
import static io.magicshield.media.EffectField.HAND_LINES;
import static io.magicshield.media.EffectField.HYSTERESIS;
import static io.magicshield.media.EffectField.LANDMARK_DEBUG;
import static io.magicshield.media.EffectField.MAX_HANDS;
import static io.magicshield.media.EffectField.MIRROR;
import static io.magicshield.media.EffectField.MODEL;
import static io.magicshield.media.EffectField.SHIELD_SCALE;
import static io.magicshield.media.EffectField.SHOW_RATIO;

import java.util.EnumMap;
import java.util.Map;

/**
 * The effect's settings for one session (see docs/protocol.md and effect.md). Always valid: the constructor
 * checks every value against {@link EffectField}.
 */
public record EffectSettings(boolean mirror, int maxHands, String model, double showRatio, double hysteresis,
                             double shieldScale, double degreesPerSecond, boolean handLines,
                             boolean landmarkDebug) {

    public EffectSettings {
        MAX_HANDS.check(maxHands);
        MODEL.check(model);
        SHOW_RATIO.check(showRatio);
        HYSTERESIS.check(hysteresis);
        SHIELD_SCALE.check(shieldScale);
        DEGREES_PER_SECOND.check(degreesPerSecond);
    }

    /** @param values every field, each of its {@link EffectField.Kind#javaType()} */
    public static EffectSettings of(Map<EffectField, ?> values) {
        for (EffectField field : EffectField.values()) {
            if (!values.containsKey(field)) {
                throw new IllegalArgumentException(field.jsonName() + " is missing");
            }
            field.check(values.get(field));
        }
        return new EffectSettings((Boolean) values.get(MIRROR), (Integer) values.get(MAX_HANDS),
                (String) values.get(MODEL), (Double) values.get(SHOW_RATIO), (Double) values.get(HYSTERESIS),
                (Double) values.get(SHIELD_SCALE), (Double) values.get(DEGREES_PER_SECOND),
                (Boolean) values.get(HAND_LINES), (Boolean) values.get(LANDMARK_DEBUG));
    }

    public Map<EffectField, Object> values() {
        Map<EffectField, Object> values = new EnumMap<>(EffectField.class);
        values.put(MIRROR, mirror);
        values.put(MAX_HANDS, maxHands);
        values.put(MODEL, model);
        values.put(SHOW_RATIO, showRatio);
        values.put(HYSTERESIS, hysteresis);
        values.put(SHIELD_SCALE, shieldScale);
        values.put(DEGREES_PER_SECOND, degreesPerSecond);
        values.put(HAND_LINES, handLines);
        values.put(LANDMARK_DEBUG, landmarkDebug);
        return values;
    }

    /** These settings with the given fields replaced (values already checked by {@link EffectField#check}). */
    public EffectSettings with(Map<EffectField, ?> changes) {
        Map<EffectField, Object> values = values();
        values.putAll(changes);
        return of(values);
    }
}
