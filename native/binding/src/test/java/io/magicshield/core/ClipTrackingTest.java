package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Tracking on the clips, one processor per clip fed its frames in order at 30 fps timestamps: hands are followed
 * from their landmarks, so palm detection runs only to find hands (and, while fewer than max hands are tracked,
 * every 200 ms to look for more), and the landmarks stay close to what MediaPipe's video mode gives
 * (mediapipe_reference/clipNN_video.json). The shield's appearance is checked against the clips' annotations in
 * SOURCES.md.
 */
class ClipTrackingTest {
    private static final int FPS = 30;

    // clip01's annotated open-palm frames (1-based, SOURCES.md; boundaries are +-1 frame, so the first frame of
    // each run is left out: the shield needs a few frames to fade in), and its long not-open stretch.
    private static final IntPredicate CLIP01_OPEN_PALM =
            f -> (f >= 9 && f <= 22) || (f >= 72 && f <= 76) || (f >= 81 && f <= 85) || (f >= 89 && f <= 92);
    private static final IntPredicate CLIP01_NOT_OPEN = f -> f >= 31 && f <= 68; // after the fade-out of 0027..

    /** What one clip run gave; frame numbers are 1-based like the file names. */
    private record ClipRun(
            int frames,
            int framesWithHand,
            int palmRunsOnHandFrames,
            int palmRunsInAll,
            LandmarkAgreement agreement,
            List<Integer> shieldFrames) {
        double palmFraction() {
            return framesWithHand == 0 ? 0 : (double) palmRunsOnHandFrames / framesWithHand;
        }

        long shieldFramesWhere(IntPredicate frame) {
            return shieldFrames.stream().filter(frame::test).count();
        }

        void print(String clip) {
            System.out.printf(
                    "[tracking] %s: %d frames, %d with a hand (MediaPipe), palm detection on %d of them "
                            + "(%.1f%%), on %d frames in all%n",
                    clip, frames, framesWithHand, palmRunsOnHandFrames, 100 * palmFraction(), palmRunsInAll);
            System.out.println("[tracking] " + agreement.summary(clip).replace("\n", "\n[tracking] "));
            System.out.println("[tracking] " + clip + ": frames with a shield: " + shieldFrames);
        }
    }

    private static ClipRun run(String clip) throws IOException {
        Path dir = TestData.handsDir().resolve(clip);
        Map<String, LandmarkFile.Image> reference =
                LandmarkFile.reference(clip + "_video.json").byFile();
        List<Path> frames = TestData.framesOf(dir);
        assertEquals(reference.size(), frames.size(), clip + ": frames vs reference entries");
        LandmarkAgreement agreement = new LandmarkAgreement();
        int withHand = 0, palmOnHandFrames = 0, palmRuns = 0;
        List<Integer> shieldFrames = new ArrayList<>();
        try (ShieldProcessor processor = Sessions.newProcessor(Sessions.REFERENCE)) {
            I420Frame out = null;
            for (int i = 0; i < frames.size(); i++) {
                Path frame = frames.get(i);
                I420Frame in = TestData.readI420(frame);
                if (out == null) {
                    out = I420Frame.allocate(in.width(), in.height());
                }
                FrameDetails result = Sessions.frame(processor, in, out, Sessions.timestampMicros(i, FPS));
                LandmarkFile.Image expected = reference.get(frame.getFileName().toString());
                LandmarkAgreement.ImageResult compared = agreement.add(result.hands(), expected);
                boolean palmRan = result.timings().palmDetectionRan();
                palmRuns += palmRan ? 1 : 0;
                if (!expected.hands().isEmpty()) {
                    withHand++;
                    palmOnHandFrames += palmRan ? 1 : 0;
                }
                if (result.shieldsDrawn() > 0) {
                    shieldFrames.add(i + 1);
                }
                // Only the frames worth a look, to keep the log short.
                boolean poor = compared.pairs().stream().anyMatch(p -> p.error() > 0.05);
                if ((palmRan && !expected.hands().isEmpty()) || compared.countMismatch() || poor) {
                    System.out.println("[tracking] " + compared.describe() + (palmRan ? "  (palm detection)" : ""));
                }
            }
        }
        return new ClipRun(frames.size(), withHand, palmOnHandFrames, palmRuns, agreement, shieldFrames);
    }

    @Test
    void clip01TracksWithRarePalmDetectionAndFollowsMediaPipe() throws IOException {
        ClipRun run = run("clip01");
        run.print("clip01");
        long openFrames =
                IntStream.rangeClosed(1, run.frames()).filter(CLIP01_OPEN_PALM).count();
        long notOpenFrames =
                IntStream.rangeClosed(1, run.frames()).filter(CLIP01_NOT_OPEN).count();
        long shieldOnOpen = run.shieldFramesWhere(CLIP01_OPEN_PALM);
        long shieldOnNotOpen = run.shieldFramesWhere(CLIP01_NOT_OPEN);
        System.out.printf(
                "[tracking] clip01: shield on %d of %d annotated open-palm frames, on %d of %d annotated "
                        + "not-open frames (31-68)%n",
                shieldOnOpen, openFrames, shieldOnNotOpen, notOpenFrames);

        assertTrue(run.framesWithHand() > 0, "the reference has no hand in clip01");
        assertTrue(
                run.palmFraction() <= 0.25,
                String.format("palm detection ran on %.1f%% of the frames with a hand", 100 * run.palmFraction()));
        assertTrue(
                run.agreement().errors().median() <= 0.02,
                "median error " + 100 * run.agreement().errors().median() + "% of palm size");
        assertTrue(
                shieldOnOpen >= 0.8 * openFrames,
                "shield on only " + shieldOnOpen + " of " + openFrames + " open-palm frames");
        // The curled hand held low (frames 31-68) can look open to the ratio alone; fingers folded back must not.
        assertTrue(
                shieldOnNotOpen <= 0.1 * notOpenFrames,
                "shield on " + shieldOnNotOpen + " of " + notOpenFrames + " frames where the hand is not open");
    }

    /** clip02: one hand spelling ASL letters, never open (SOURCES.md): tracked throughout, never a shield. */
    @Test
    void clip02TracksTheSpellingHandAndNeverShowsTheShield() throws IOException {
        ClipRun run = run("clip02");
        run.print("clip02");
        assertTrue(
                run.agreement().errors().count() >= 0.9 * run.framesWithHand(),
                "matched only " + run.agreement().errors().count() + " of " + run.framesWithHand() + " hands");
        assertTrue(
                run.palmFraction() <= 0.25,
                String.format("palm detection ran on %.1f%% of the frames with a hand", 100 * run.palmFraction()));
        assertTrue(
                run.agreement().errors().median() <= 0.02,
                "median error " + 100 * run.agreement().errors().median() + "% of palm size");
        assertTrue(run.shieldFrames().isEmpty(), "shield drawn on frames " + run.shieldFrames());
    }
}
