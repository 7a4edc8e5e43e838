package io.magicshield.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EffectSettingsTest {

    private final EffectSettings defaults = new EffectSettings(true, 2, "full", 1.0, 0.1, 2.0, 60, true, false);

    @Test
    void changesOnlyTheGivenFields() {
        EffectSettings changed = defaults.with(Map.of(EffectField.MIRROR, false, EffectField.SHOW_RATIO, 1.4));
        assertEquals(new EffectSettings(false, 2, "full", 1.4, 0.1, 2.0, 60, true, false), changed);
    }

    @Test
    void refusesValuesOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EffectSettings(true, 5, "full", 1.0, 0.1, 2.0, 60, true, false));
        assertEquals("maxHands must be an integer from 1 to 4, got 5", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new EffectSettings(true, 2, "full", Double.NaN, 0.1, 2.0, 60, true, false));
    }

    @Test
    void propertyNames() {
        assertEquals("max-hands", EffectField.MAX_HANDS.propertyName());
        assertEquals("degrees-per-second", EffectField.DEGREES_PER_SECOND.propertyName());
        assertEquals("mirror", EffectField.MIRROR.propertyName());
    }
}
