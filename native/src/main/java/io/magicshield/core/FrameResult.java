package io.magicshield.core;

import java.util.List;

/**
 * What one frame pass found and drew.
 *
 * @param planeAddresses the addresses the native side read from and wrote to (in Y, U, V, out Y, U, V), which
 *                       show that the frame buffers were used in place
 */
public record FrameResult(List<HandInfo> hands, int shieldsDrawn, StageTimings timings, long[] planeAddresses) {
}
