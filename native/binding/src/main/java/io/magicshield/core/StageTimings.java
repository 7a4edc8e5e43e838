package io.magicshield.core;

/**
 * Milliseconds spent in each stage of one frame pass. In a pipelined pass ({@link ShieldProcessor#setPipelined}) the
 * model figures are those of the inference whose hands the frame was drawn with, the frame before's, and
 * {@code totalMs} is the frame's own work and any wait for that inference.
 *
 * @param inferenceSkipped the frame kept the last hands instead of running the models (see
 *                         {@link ShieldProcessor#setMinInferenceInterval})
 */
public record StageTimings(
        double copyMs,
        double palmMs,
        double landmarkMs,
        double smoothingMs,
        double renderMs,
        double totalMs,
        boolean palmDetectionRan,
        int landmarkCalls,
        boolean inferenceSkipped) {}
