package io.magicshield.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the effect is drawn for one session: a value for every {@link EffectOption}, each checked against the table.
 * Immutable.
 */
public final class EffectOptions {

    private static final EffectOptions DEFAULTS = new EffectOptions(defaultValues());

    private final Map<EffectOption, Object> values;

    private EffectOptions(Map<EffectOption, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** The table's defaults. */
    public static EffectOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param values every option, each of its {@link EffectOption.Kind#javaType()} (a NUMBER may be any Number)
     * @throws IllegalArgumentException naming the first option missing or out of range
     */
    public static EffectOptions of(Map<EffectOption, ?> values) {
        Map<EffectOption, Object> checked = new EnumMap<>(EffectOption.class);
        for (EffectOption option : EffectOption.values()) {
            if (!values.containsKey(option)) {
                throw new IllegalArgumentException(option.jsonName() + " is missing");
            }
            checked.put(option, option.check(values.get(option)));
        }
        return new EffectOptions(checked);
    }

    /** These options with the given ones replaced, checked. */
    public EffectOptions with(Map<EffectOption, ?> changes) {
        Map<EffectOption, Object> merged = new EnumMap<>(values);
        merged.putAll(changes);
        return of(merged);
    }

    public EffectOptions with(EffectOption option, Object value) {
        return with(Map.of(option, value));
    }

    /** The value, of the option's {@link EffectOption.Kind#javaType()}. */
    public Object get(EffectOption option) {
        return values.get(option);
    }

    /** Every option's value, in the table's order. */
    public Map<EffectOption, Object> values() {
        return values;
    }

    /** Every option's value by its protocol name, in the table's order: the JSON the page gets. */
    public Map<String, Object> byName() {
        Map<String, Object> named = new LinkedHashMap<>();
        values.forEach((option, value) -> named.put(option.jsonName(), value));
        return Collections.unmodifiableMap(named);
    }

    private static Map<EffectOption, Object> defaultValues() {
        Map<EffectOption, Object> defaults = new EnumMap<>(EffectOption.class);
        for (EffectOption option : EffectOption.values()) {
            defaults.put(option, option.check(option.defaultValue()));
        }
        return defaults;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EffectOptions o && values.equals(o.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("EffectOptions{");
        values.forEach((option, value) ->
                text.append(option.jsonName()).append('=').append(value).append(", "));
        text.setLength(text.length() - 2);
        return text.append('}').toString();
    }
}
