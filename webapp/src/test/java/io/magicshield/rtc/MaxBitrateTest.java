package io.magicshield.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MaxBitrateTest {

    @Test
    void aSenderKeepsAFifthOfItsEstimateFreeUpToTheConfiguredCap() {
        MaxBitrate max = new MaxBitrate(1500);
        assertEquals(240, max.capFor(300), "80% of a 300 kbit/s estimate");
        assertEquals(1500, max.capFor(5000), "never above the configured cap");
        assertEquals(50, max.capFor(20), "never below the floor");
        assertEquals(1500, max.capFor(Double.NaN), "no estimate: the configured cap");
        assertEquals(800, new MaxBitrate(0).capFor(1000), "no configured cap: the share of the estimate");
        assertEquals(0, new MaxBitrate(0).capFor(Double.NaN), "neither: uncapped");
    }

    @Test
    void aProbeLiftsTheCapToWhatTheNextStepWaitsForAndNoFurther() {
        MaxBitrate max = new MaxBitrate(1500);
        assertEquals(691, max.probeCapFor(600, 691.2), "above the 480 kbit/s share, to the next step's figure");
        assertEquals(1500, max.probeCapFor(600, 4000), "never above the configured cap");
        assertEquals(800, max.probeCapFor(1000, 500), "never below the share of the estimate");
        assertEquals(800, max.probeCapFor(1000, Double.NaN), "no step to probe for: the share");
        assertEquals(4000, new MaxBitrate(0).probeCapFor(600, 4000), "no configured cap");
    }

    @Test
    void afterAProbeTheCapClimbsToTheEstimateAFifthAtATime() {
        MaxBitrate max = new MaxBitrate(1500);
        assertEquals(829, max.capAfterProbe(1415, 691), "a probe's 1415 kbit/s: 120% of 691, not 80% of 1415");
        assertEquals(480, max.capAfterProbe(600, 691), "a falling estimate is followed at once");
        assertEquals(1132, max.capAfterProbe(1415, 1000), "the share, once within a fifth");
        assertEquals(1132, max.capAfterProbe(1415, 0), "no cap in force: the share");
        assertEquals(1500, max.capAfterProbe(Double.NaN, 691), "no estimate: the configured cap");
    }

    @Test
    void aNewCapIsSetOnlyWhenItMovesATenth() {
        assertTrue(MaxBitrate.worthChanging(0, 1500), "the first cap");
        assertFalse(MaxBitrate.worthChanging(1000, 1050));
        assertTrue(MaxBitrate.worthChanging(1000, 1100));
        assertTrue(MaxBitrate.worthChanging(1000, 899));
        assertFalse(MaxBitrate.worthChanging(0, 0));
        assertTrue(MaxBitrate.worthChanging(1000, 0), "lifting the cap");
    }

    @Test
    void aCapOutOfRangeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MaxBitrate(99));
        assertEquals(
                "the most bitrate of a video stream must be 0 (no cap) or from 100 to 50000 kbps, got 99",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MaxBitrate(50_001));
    }
}
