package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EffectOptionsTest {

    @Test
    void changesOnlyTheGivenOptions() {
        EffectOptions changed =
                EffectOptions.defaults().with(Map.of(EffectOption.MIRROR, false, EffectOption.OPEN_THRESHOLD, 0.7));
        for (EffectOption option : EffectOption.values()) {
            Object expected = switch (option) {
                case MIRROR -> false;
                case OPEN_THRESHOLD -> 0.7;
                default -> option.defaultValue();
            };
            assertEquals(expected, changed.get(option), option.jsonName());
        }
    }

    @Test
    void refusesValuesOutOfRangeNamingTheOptionAndWhatItTakes() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> EffectOptions.defaults().with(EffectOption.MAX_HANDS, 5));
        assertEquals("maxHands must be an integer from 1 to 4, got 5", e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> EffectOptions.defaults().with(EffectOption.OPEN_THRESHOLD, Double.NaN));
        assertThrows(
                IllegalArgumentException.class,
                () -> EffectOptions.defaults().with(EffectOption.MAX_HANDS, 2.0),
                "an integer, not a number");
        assertThrows(
                IllegalArgumentException.class,
                () -> EffectOptions.of(Map.of(EffectOption.MIRROR, true)),
                "every option is needed");
    }

    @Test
    void numbersAreKeptAsDoublesWhateverTheirJavaType() {
        assertEquals(
                2.0, EffectOptions.defaults().with(EffectOption.SHIELD_SCALE, 2).get(EffectOption.SHIELD_SCALE));
    }

    @Test
    void theJsonNamesInTheTablesOrder() {
        List<String> names = List.copyOf(EffectOptions.defaults().byName().keySet());
        assertEquals(EffectOption.values().length, names.size());
        for (EffectOption option : EffectOption.values()) {
            assertEquals(option.jsonName(), names.get(option.ordinal()));
        }
    }

    @Test
    void propertyNames() {
        assertEquals("max-hands", EffectOption.MAX_HANDS.propertyName());
        assertEquals("degrees-per-second", EffectOption.DEGREES_PER_SECOND.propertyName());
        assertEquals("mirror", EffectOption.MIRROR.propertyName());
    }
}
