package io.magicshield.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UplinkProbeTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aThinLinkBothWaysIsNeverProbed() {
        UplinkProbe probe = new UplinkProbe();
        for (int s = 0; s < 60; s++) {
            assertFalse(probe.lift(true, 250, 280, s * SECOND), "at " + s + " s");
        }
    }

    @Test
    void aCameraAtFullSizeOrWithoutEstimatesIsNotProbed() {
        UplinkProbe probe = new UplinkProbe();
        assertFalse(probe.lift(false, 250, 2000, 0));
        assertFalse(probe.lift(true, Double.NaN, 2000, 0));
        assertFalse(probe.lift(true, 250, Double.NaN, 0));
        assertFalse(probe.lift(true, 0, 2000, 0));
    }

    @Test
    void aDownlinkThatGrewProbesTheUplinkAtOnceForOneReport() {
        UplinkProbe probe = new UplinkProbe();
        assertTrue(probe.lift(true, 250, 1200, 10 * SECOND));
        assertFalse(probe.lift(true, 260, 1200, 11 * SECOND), "the next report restores the cap");
        assertFalse(probe.lift(true, 270, 1200, 12 * SECOND));
        assertTrue(probe.lift(true, 280, 1200, 13 * SECOND), "3 s later, still reduced: again");
    }

    @Test
    void probesThatFindNothingComeEverMoreSeldom() {
        UplinkProbe probe = new UplinkProbe();
        StringBuilder probed = new StringBuilder();
        for (int s = 0; s <= 120; s++) {
            if (probe.lift(true, 250, 1200, s * SECOND)) {
                probed.append(s).append(' ');
            }
        }
        // waits of 3, 6, 12, 24 s, then 48 at most
        assertEquals("0 3 9 21 45 93 ", probed.toString());
    }

    @Test
    void aProbeThatFoundRoomKeepsTheWaitShort() {
        UplinkProbe probe = new UplinkProbe();
        assertTrue(probe.lift(true, 250, 1200, 0));
        assertTrue(probe.lift(true, 250, 1200, 3 * SECOND));
        assertFalse(probe.lift(true, 250, 1200, 8 * SECOND), "the second found nothing: 6 s");
        assertTrue(probe.lift(true, 400, 1200, 9 * SECOND), "found room (250 -> 400)");
        assertTrue(probe.lift(true, 450, 1200, 12 * SECOND), "so the next wait is the first again");
    }
}
