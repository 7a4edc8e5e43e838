package io.magicshield.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LinkLadderTest {

    private static final long VGA = 640 * 480;
    private static final long SECOND = 1_000_000_000L;

    private static String size(LinkLadder.Step step) {
        return step.width(640) + "x" + step.height(480) + "/" + (30 / step.frameDivisor());
    }

    @Test
    void theFirstFramesFitTheStartBitrate() {
        assertEquals("320x240/30", size(new LinkLadder(300).stepFor(VGA)), "480x360 needs 311 kbit/s");
        assertEquals("640x480/30", size(new LinkLadder(1000).stepFor(VGA)));
        assertEquals("240x180/15", size(new LinkLadder(20).stepFor(VGA)), "the lowest step when none fits");
        assertEquals(
                "640x480/30",
                size(new LinkLadder(Double.POSITIVE_INFINITY).stepFor(VGA)),
                "a camera starts at its own size");
    }

    @Test
    void nothingChangesBeforeTheCameraSaysItsSize() {
        LinkLadder ladder = new LinkLadder(300);
        assertNull(ladder.current());
        assertNull(ladder.update(5000, 0));
        assertEquals("320x240/30", size(ladder.stepFor(VGA)));
        assertEquals("320x240/30", size(ladder.current()));
        assertThrows(IllegalArgumentException.class, () -> ladder.stepFor(0));
    }

    @Test
    void aBigLinkClimbsToTheTopAfterTwoUpdates() {
        LinkLadder ladder = new LinkLadder(300);
        ladder.stepFor(VGA);
        assertEquals("320x240/30", size(ladder.update(2000, SECOND)));
        assertEquals("640x480/30", size(ladder.update(2000, 2 * SECOND)), "straight to the step that fits");
        assertEquals("640x480/30", size(ladder.update(2000, 3 * SECOND)), "the top holds");
    }

    @Test
    void aMiddlingLinkClimbsOnlyAsFarAsItsMarginAllows() {
        LinkLadder ladder = new LinkLadder(100);
        ladder.stepFor(VGA);
        assertEquals("240x180/30", size(ladder.update(500, SECOND)));
        // 500 / 1.25 = 400 covers 480x360 (311) but not 640x480 (553)
        assertEquals("480x360/30", size(ladder.update(500, 2 * SECOND)));
        assertEquals("480x360/30", size(ladder.update(500, 3 * SECOND)));
        assertEquals("480x360/30", size(ladder.update(500, 4 * SECOND)));
    }

    @Test
    void aCollapsedEstimateGoesStraightToTheStepThatFits() {
        LinkLadder ladder = new LinkLadder(1000);
        ladder.stepFor(VGA);
        // 250 is under 0.7 x 553 (640x480's need): no second update is waited for
        assertEquals("320x240/30", size(ladder.update(250, SECOND)));
        assertEquals("240x180/15", size(ladder.update(30, 2 * SECOND)));
    }

    @Test
    void anEstimateJustBelowTheStepTakesTwoUpdatesAndOneStep() {
        LinkLadder ladder = new LinkLadder(1000);
        ladder.stepFor(VGA);
        assertEquals("640x480/30", size(ladder.update(520, SECOND)));
        assertEquals("480x360/30", size(ladder.update(520, 2 * SECOND)));
        // a good update in between starts the count again
        assertEquals("480x360/30", size(ladder.update(300, 3 * SECOND)));
        assertEquals("480x360/30", size(ladder.update(400, 4 * SECOND)));
        assertEquals("480x360/30", size(ladder.update(300, 5 * SECOND)));
        assertEquals("320x240/30", size(ladder.update(300, 6 * SECOND)));
    }

    @Test
    void noStepUpSoonAfterAStepDown() {
        LinkLadder ladder = new LinkLadder(1000);
        ladder.stepFor(VGA);
        assertEquals("320x240/30", size(ladder.update(200, 10 * SECOND)));
        for (int s = 11; s < 18; s++) {
            assertEquals("320x240/30", size(ladder.update(5000, s * SECOND)), "at " + s + " s");
        }
        assertEquals("640x480/30", size(ladder.update(5000, 18 * SECOND)), "8 s after the step down");
    }

    @Test
    void anEstimateBetweenTheStepsAndItsMarginHoldsTheStep() {
        LinkLadder ladder = new LinkLadder(300);
        ladder.stepFor(VGA);
        // 320x240 needs 138, 480x360 311 and, with the margin, 389 to climb to
        for (int s = 1; s < 20; s++) {
            assertEquals("320x240/30", size(ladder.update(350, s * SECOND)));
        }
        assertEquals("320x240/30", size(ladder.update(Double.NaN, 21 * SECOND)), "no estimate changes nothing");
    }

    @Test
    void stepSizesAreEvenAndKeepTheCamerasShape() {
        LinkLadder.Step step = new LinkLadder.Step(0.375, 1);
        assertEquals(480, step.width(1280));
        assertEquals(270, step.height(720));
        assertEquals(240, step.width(640));
        assertEquals(180, step.height(480));
        LinkLadder.Step full = new LinkLadder.Step(1, 1);
        assertEquals(641, full.width(641), "the top step is the camera's own size, odd or not");
        assertEquals(2, new LinkLadder.Step(0.375, 1).width(3));
    }
}
