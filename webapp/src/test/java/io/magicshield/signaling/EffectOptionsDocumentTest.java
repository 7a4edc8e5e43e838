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
        EffectOptions defaults = EffectOptions.defaults().with(EffectOption.SHOW_RATIO, 1.25);
        JsonArray rows = EffectOptionsDocument.of(defaults).getJsonArray("options");
        assertEquals(EffectOption.values().length, rows.size());
        for (EffectOption option : EffectOption.values()) {
            JsonObject row = rows.getJsonObject(option.ordinal());
            assertEquals(option.jsonName(), row.getString("name"));
            assertEquals(option.label(), row.getString("label"));
        }
        JsonObject showRatio = rows.getJsonObject(EffectOption.SHOW_RATIO.ordinal());
        assertEquals("number", showRatio.getString("kind"));
        assertEquals(1.25, showRatio.getJsonNumber("default").doubleValue(), "the configured default");
        assertEquals(
                EffectOption.SHOW_RATIO.min(), showRatio.getJsonNumber("min").doubleValue());
        assertEquals(
                EffectOption.SHOW_RATIO.max(), showRatio.getJsonNumber("max").doubleValue());
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
