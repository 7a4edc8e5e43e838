package io.magicshield.core;

/**
 * How the effect is drawn for one session. The native core validates the values and rejects those out of range
 * with a message that names them.
 *
 * @param mirror           selfie view: the output is the input mirrored
 * @param maxHands         hands tracked at once (1..4)
 * @param model            "full" or "lite": MediaPipe's model complexity
 * @param showRatio        open ratio (|index tip - pinky tip| / |wrist - index MCP|) at which the shield shows,
 *                         provided all four fingers reach out along the hand
 * @param hysteresis       width of the band around showRatio in which the state does not change
 * @param shieldScale      shield diameter in units of |wrist - index MCP|
 * @param degreesPerSecond ring rotation speed, from frame timestamps
 * @param handLines        draw the hand lines of a half-open hand
 * @param landmarkDebug    draw the landmarks and skeleton
 */
public record EffectOptions(boolean mirror, int maxHands, String model, double showRatio, double hysteresis,
                            double shieldScale, double degreesPerSecond, boolean handLines, boolean landmarkDebug) {

    public EffectOptions {
        if (!"full".equals(model) && !"lite".equals(model)) {
            throw new IllegalArgumentException("model must be \"full\" or \"lite\", not " + model);
        }
    }

    public static EffectOptions defaults() {
        return new EffectOptions(true, 2, "full", 0.85, 0.1, 2.0, 60.0, true, false);
    }
}
