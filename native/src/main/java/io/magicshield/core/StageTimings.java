package io.magicshield.core;

/** Milliseconds spent in each stage of one frame pass. */
public record StageTimings(double copyMs, double palmMs, double landmarkMs, double smoothingMs, double renderMs,
                           double totalMs, boolean palmDetectionRan, int landmarkCalls) {
}
