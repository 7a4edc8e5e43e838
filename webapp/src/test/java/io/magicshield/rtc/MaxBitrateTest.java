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
