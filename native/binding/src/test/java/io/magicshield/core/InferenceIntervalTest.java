package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Degrading under load: the models run at most once per interval, the shield is still drawn on every frame. */
class InferenceIntervalTest {

    @Test
    void modelsRunOncePerIntervalAndTheShieldStaysOnEveryFrame() throws IOException {
        // clip01 frames 8-22: an open palm; at 30 fps an interval of 66 ms runs the models every other frame.
        List<Path> open =
                TestData.framesOf(TestData.handsDir().resolve("clip01")).subList(7, 22);
        int skipped = 0;
        int frames = 0;
        int withShield = 0;
        try (ShieldProcessor processor = Sessions.newProcessor(Sessions.REFERENCE)) {
            processor.setMinInferenceInterval(66);
            for (Path frame : open) {
                I420Frame in = TestData.readI420(frame);
                I420Frame out = I420Frame.allocate(in.width(), in.height());
                for (int repeat = 0; repeat < 2; repeat++) {
                    FrameDetails result = Sessions.frame(processor, in, out, Sessions.timestampMicros(frames++, 30));
                    if (result.timings().inferenceSkipped()) {
                        skipped++;
                        assertEquals(0, result.timings().landmarkCalls(), "a skipped frame ran the landmark model");
                    }
                    if (frames > 8) { // once faded in
                        withShield += result.shieldsDrawn() > 0 ? 1 : 0;
                        assertEquals(1, result.hands().size(), "frame " + frames + " lost the hand");
                    }
                }
            }
        }
        System.out.printf(
                "[inference interval] 66 ms at 30 fps: models skipped on %d of %d frames, shield on %d of"
                        + " %d frames after the fade-in%n",
                skipped, frames, withShield, frames - 8);
        assertTrue(Math.abs(skipped - frames / 2) <= 2, skipped + " of " + frames + " frames skipped, want about half");
        assertEquals(frames - 8, withShield);
    }

    @Test
    void anIntervalOutOfRangeIsRefused() {
        try (ShieldProcessor processor = Sessions.newProcessor(Sessions.REFERENCE)) {
            assertThrows(IllegalArgumentException.class, () -> processor.setMinInferenceInterval(-1));
            assertThrows(IllegalArgumentException.class, () -> processor.setMinInferenceInterval(5000));
        }
    }
}
