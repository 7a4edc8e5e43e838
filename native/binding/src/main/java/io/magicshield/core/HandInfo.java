package io.magicshield.core;

/**
 * One hand in one frame.
 *
 * @param id                 stable while the hand is tracked
 * @param handedness         "Left" or "Right" in MediaPipe's convention, which assumes a mirrored (selfie) view
 * @param landmarks          21 x (x, y, z): x and y in output-frame pixels, z on the scale of x (raw, unsmoothed)
 * @param openRatio          |index tip - pinky tip| / |wrist - index MCP| (it decides the hand lines)
 * @param openScore          0..1, how open the hand is; the shield shows above the {@code openThreshold} option
 * @param fromPalmDetection  this frame found the hand by palm detection rather than tracking
 */
public record HandInfo(
        int id,
        String handedness,
        float handednessScore,
        float presence,
        float[] landmarks,
        float openRatio,
        float openScore,
        HandState state,
        float shieldX,
        float shieldY,
        float shieldDiameter,
        float shieldOpacity,
        float rotationDegrees,
        boolean fromPalmDetection) {

    /** Landmark {@code index} (0..20) as {x, y, z}. */
    public float[] landmark(int index) {
        return new float[] {landmarks[3 * index], landmarks[3 * index + 1], landmarks[3 * index + 2]};
    }
}
