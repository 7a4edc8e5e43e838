package io.magicshield.core;

/**
 * Effect options that differ from others in one field, for tests: production builds its options from its settings
 * in one go, so these live here rather than on {@link EffectOptions}.
 */
final class TestOptions {
    private TestOptions() {
    }

    static EffectOptions withMirror(EffectOptions o, boolean value) {
        return new EffectOptions(value, o.maxHands(), o.model(), o.showRatio(), o.hysteresis(), o.shieldScale(),
            o.degreesPerSecond(), o.handLines(), o.landmarkDebug());
    }

    static EffectOptions withMaxHands(EffectOptions o, int value) {
        return new EffectOptions(o.mirror(), value, o.model(), o.showRatio(), o.hysteresis(), o.shieldScale(),
            o.degreesPerSecond(), o.handLines(), o.landmarkDebug());
    }

    static EffectOptions withModel(EffectOptions o, String value) {
        return new EffectOptions(o.mirror(), o.maxHands(), value, o.showRatio(), o.hysteresis(), o.shieldScale(),
            o.degreesPerSecond(), o.handLines(), o.landmarkDebug());
    }

    static EffectOptions withShowRatio(EffectOptions o, double value) {
        return new EffectOptions(o.mirror(), o.maxHands(), o.model(), value, o.hysteresis(), o.shieldScale(),
            o.degreesPerSecond(), o.handLines(), o.landmarkDebug());
    }
}
