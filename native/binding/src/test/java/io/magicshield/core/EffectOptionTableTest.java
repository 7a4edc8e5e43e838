package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.core.jni.MagicShieldNative;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The option table against the native core's own struct: the same defaults, and each row sets its own field. */
class EffectOptionTableTest {

    @Test
    void theCoresDefaultsAreTheTablesDefaults() {
        try (MagicShieldNative.EffectOptions core = new MagicShieldNative.EffectOptions()) {
            for (EffectOption option : EffectOption.values()) {
                assertEquals(
                        asFloat(option.defaultValue()),
                        read(core, option),
                        option.jsonName() + ": the table's default and magicshield.h's differ");
            }
        }
    }

    @Test
    void eachRowWritesItsOwnFieldAndNoOther() {
        for (EffectOption option : EffectOption.values()) {
            Object other = otherValue(option);
            try (MagicShieldNative.EffectOptions core = new MagicShieldNative.EffectOptions()) {
                option.writeTo(core, other);
                for (EffectOption each : EffectOption.values()) {
                    Object expected = each == option ? other : each.defaultValue();
                    assertEquals(
                            asFloat(expected),
                            read(core, each),
                            "writing " + option.jsonName() + " left " + each.jsonName() + " wrong");
                }
            }
        }
    }

    @Test
    void namesAreUniqueAndRangesHoldTheirDefaults() {
        Set<String> names =
                Stream.of(EffectOption.values()).map(EffectOption::jsonName).collect(Collectors.toSet());
        assertEquals(EffectOption.values().length, names.size());
        for (EffectOption option : EffectOption.values()) {
            assertEquals(option.defaultValue(), option.check(option.defaultValue()), option.jsonName());
            assertTrue(option.label().length() > 2, option.jsonName() + " needs a label for the page");
        }
    }

    /** The core keeps numbers as floats. */
    private static Object asFloat(Object value) {
        return value instanceof Double d ? (double) d.floatValue() : value;
    }

    /** A value other than the default, inside the range, exact in a float. */
    private static Object otherValue(EffectOption option) {
        return switch (option.kind()) {
            case BOOLEAN -> !(Boolean) option.defaultValue();
            case INTEGER ->
                (Integer) option.defaultValue() == (int) option.max() ? (int) option.min() : (int) option.max();
            case NUMBER -> option.max();
            case CHOICE ->
                option.choices().stream()
                        .filter(c -> !c.equals(option.defaultValue()))
                        .findFirst()
                        .orElseThrow();
        };
    }

    /** The core's field behind an option, in the table's Java type; a new option needs its line here. */
    private static Object read(MagicShieldNative.EffectOptions core, EffectOption option) {
        return switch (option) {
            case MIRROR -> core.mirror();
            case MAX_HANDS -> core.max_hands();
            case MODEL -> core.model() == 1 ? "full" : "lite";
            case OPEN_THRESHOLD -> (double) core.open_threshold();
            case HYSTERESIS -> (double) core.hysteresis();
            case SHIELD_SCALE -> (double) core.shield_scale();
            case DEGREES_PER_SECOND -> (double) core.degrees_per_second();
            case FADE_MS -> (double) core.fade_ms();
            case HAND_LINES -> core.hand_lines();
            case LANDMARK_DEBUG -> core.landmark_debug();
            case BACKGROUND -> List.of("off", "blur", "scene").get(core.background());
        };
    }
}
