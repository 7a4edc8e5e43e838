package io.magicshield.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.magicshield.media.LinkLadder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartProbesTest {

    private static final LinkLadder.Step FULL = new LinkLadder.Step(1, 1);
    private static final LinkLadder.Step HALF = new LinkLadder.Step(0.5, 1);
    private static final LinkLadder.Step HALF_RATE = new LinkLadder.Step(0.375, 2);

    /** The readings (1-based) at which {@code steps} probe. */
    private static List<Integer> probes(StartProbes probes, LinkLadder.Step step, int readings) {
        List<Integer> at = new ArrayList<>();
        for (int i = 1; i <= readings; i++) {
            if (probes.probeAt(step)) {
                at.add(i);
            }
        }
        return at;
    }

    @Test
    void aReducedPictureProbesEveryThirdReadingOfTheStartAndNeverAfter() {
        assertEquals(List.of(3, 6, 9, 12), probes(new StartProbes(), HALF, 60));
        assertEquals(List.of(3, 6, 9, 12), probes(new StartProbes(), HALF_RATE, 30), "a halved frame rate is reduced");
    }

    @Test
    void aFullPictureNeverProbes() {
        assertEquals(List.of(), probes(new StartProbes(), FULL, 30));
    }

    @Test
    void readingsBeforeTheFirstPictureDoNotCount() {
        StartProbes probes = new StartProbes();
        assertEquals(List.of(), probes(probes, null, 20), "no picture, no probe, and the start has not begun");
        assertEquals(List.of(3, 6, 9, 12), probes(probes, HALF, 20));
    }

    @Test
    void aPictureReducedLateInTheStartProbesOnlyWhileTheStartLasts() {
        StartProbes probes = new StartProbes();
        assertEquals(List.of(), probes(probes, FULL, 7));
        assertEquals(List.of(2, 5), probes(probes, HALF, 20), "readings 9 and 12 of the session");
    }
}
