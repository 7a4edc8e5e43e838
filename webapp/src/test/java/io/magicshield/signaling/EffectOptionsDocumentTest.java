package io.magicshield.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.magicshield.core.EffectOption;
import io.magicshield.core.EffectOptions;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class EffectOptionsDocumentTest {

    @Test
    void everyOptionOfTheTableInItsOrderWithThisServersDefaults() {
        EffectOptions defaults = EffectOptions.defaults().with(EffectOption.OPEN_THRESHOLD, 0.65);
        JsonArray rows = EffectOptionsDocument.of(defaults).getJsonArray("options");
        assertEquals(EffectOption.values().length, rows.size());
        for (EffectOption option : EffectOption.values()) {
            JsonObject row = rows.getJsonObject(option.ordinal());
            assertEquals(option.jsonName(), row.getString("name"));
            assertEquals(option.label(), row.getString("label"));
        }
        JsonObject openThreshold = rows.getJsonObject(EffectOption.OPEN_THRESHOLD.ordinal());
        assertEquals("number", openThreshold.getString("kind"));
        assertEquals(0.65, openThreshold.getJsonNumber("default").doubleValue(), "the configured default");
        assertEquals(
                EffectOption.OPEN_THRESHOLD.min(),
                openThreshold.getJsonNumber("min").doubleValue());
        assertEquals(
                EffectOption.OPEN_THRESHOLD.max(),
                openThreshold.getJsonNumber("max").doubleValue());
        JsonObject maxHands = rows.getJsonObject(EffectOption.MAX_HANDS.ordinal());
        assertEquals("integer", maxHands.getString("kind"));
        assertEquals(4, maxHands.getInt("max"));
        assertEquals(2, maxHands.getInt("default"));
        JsonObject model = rows.getJsonObject(EffectOption.MODEL.ordinal());
        assertEquals(
                List.of("full", "lite"),
                model.getJsonArray("choices").getValuesAs((jakarta.json.JsonString s) -> s.getString()));
        assertEquals(true, rows.getJsonObject(EffectOption.MIRROR.ordinal()).getBoolean("default"));
    }
}
