package io.magicshield.core;

/**
 * Milliseconds spent in each stage of one frame pass.
 *
 * @param inferenceSkipped the frame kept the last hands instead of running the models (see
 *                         {@link ShieldProcessor#setMinInferenceInterval})
 */
public record StageTimings(double copyMs, double palmMs, double landmarkMs, double smoothingMs, double renderMs,
                           double totalMs, boolean palmDetectionRan, int landmarkCalls, boolean inferenceSkipped) {
}
