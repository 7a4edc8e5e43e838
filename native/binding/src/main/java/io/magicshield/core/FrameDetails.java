package io.magicshield.core;

import java.util.List;

/**
 * All of what one frame pass found and drew, from {@link ShieldProcessor#details()}: the hands with their landmarks
 * and the stage timings, for tests, tools and benchmarks. A session reads only the {@link FrameOutcome}.
 */
public record FrameDetails(List<HandInfo> hands, int shieldsDrawn, StageTimings timings) {}
