package io.magicshield.signaling;

import io.magicshield.core.EffectOption;
import io.magicshield.core.EffectOptions;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Locale;

/**
 * The effect options as the page needs them to build its controls: each option's name, label, kind, range, step and
 * this server's default, from the one table ({@link EffectOption}) and the configuration. The page keeps no copy.
 */
public final class EffectOptionsDocument {

    private EffectOptionsDocument() {}

    public static JsonObject of(EffectOptions defaults) {
        JsonArrayBuilder options = Json.createArrayBuilder();
        for (EffectOption option : EffectOption.values()) {
            JsonObjectBuilder row = Json.createObjectBuilder()
                    .add("name", option.jsonName())
                    .add("label", option.label())
                    .add("kind", option.kind().name().toLowerCase(Locale.ROOT));
            Object value = defaults.get(option);
            switch (option.kind()) {
                case BOOLEAN -> row.add("default", (Boolean) value);
                case INTEGER ->
                    row.add("min", (int) option.min())
                            .add("max", (int) option.max())
                            .add("step", (int) option.step())
                            .add("default", (Integer) value);
                case NUMBER ->
                    row.add("min", option.min())
                            .add("max", option.max())
                            .add("step", option.step())
                            .add("default", (Double) value);
                case CHOICE ->
                    row.add("choices", Json.createArrayBuilder(option.choices()))
                            .add("default", (String) value);
            }
            options.add(row);
        }
        return Json.createObjectBuilder().add("options", options).build();
    }
}
