package io.magicshield.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LoadPolicyTest {

    private final LoadPolicy policy = new LoadPolicy();

    @Test
    void degradesOneLevelAfterTwoOverloadedWindowsInARow() {
        assertEquals(LoadLevel.NORMAL, policy.next(90, 10, 0.95));
        assertEquals(LoadLevel.LITE_MODEL, policy.next(90, 10, 0.95));
        assertEquals(LoadLevel.LITE_MODEL, policy.next(90, 10, 0.95));
        assertEquals(LoadLevel.LITE_HALF_RATE, policy.next(90, 10, 0.95));
        policy.next(90, 10, 0.95);
        assertEquals(LoadLevel.LITE_THIRD_RATE, policy.next(90, 10, 0.95));
        policy.next(90, 10, 0.95);
        assertEquals(LoadLevel.LITE_SIXTH_RATE, policy.next(90, 10, 0.95));
        policy.next(90, 10, 0.95);
        assertEquals(LoadLevel.LITE_SIXTH_RATE, policy.next(90, 10, 0.95), "there is no heavier level");
    }

    @Test
    void dropsAboveOnePercentInTwoWindowsDegrade() {
        assertEquals(LoadLevel.NORMAL, policy.next(118, 2, 0.95));
        assertEquals(LoadLevel.LITE_MODEL, policy.next(118, 2, 0.95), "1.7% twice");
    }

    @Test
    void dropsUnderOnePercentDoNotDegrade() {
        for (int i = 0; i < 5; i++) {
            assertEquals(LoadLevel.NORMAL, policy.next(119, 1, 0.95), "0.8%");
        }
    }

    @Test
    void aSingleBadWindowDoesNotDegrade() {
        policy.next(90, 10, 0.95);
        policy.next(100, 0, 0.95);
        assertEquals(LoadLevel.NORMAL, policy.next(90, 10, 0.95));
    }

    @Test
    void recoversOneLevelAfterTenCalmWindows() {
        policy.next(90, 10, 0.9);
        policy.next(90, 10, 0.9);
        assertEquals(LoadLevel.LITE_MODEL, policy.level());
        for (int i = 0; i < 9; i++) {
            assertEquals(LoadLevel.LITE_MODEL, policy.next(120, 0, 0.4));
        }
        assertEquals(LoadLevel.NORMAL, policy.next(120, 0, 0.4));
    }

    @Test
    void busyCpuWithoutDropsNeitherDegradesNorRecovers() {
        policy.next(90, 10, 0.9);
        policy.next(90, 10, 0.9);
        for (int i = 0; i < 20; i++) {
            assertEquals(LoadLevel.LITE_MODEL, policy.next(120, 0, 0.85));
        }
    }

    @Test
    void tooFewFramesSayNothing() {
        for (int i = 0; i < 5; i++) {
            assertEquals(LoadLevel.NORMAL, policy.next(3, 3, 1.0));
        }
    }
}
