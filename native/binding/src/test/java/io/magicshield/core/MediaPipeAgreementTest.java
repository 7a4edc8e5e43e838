package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our graph against MediaPipe's own on the still photos, on each inference engine:
 * mediapipe_reference/shared_full.json holds what MediaPipe's legacy Hands solution (static image mode, max 2
 * hands, full models) found on each of them.
 */
class MediaPipeAgreementTest {

    @ParameterizedTest
    @EnumSource(InferenceEngine.class)
    void landmarksAgreeWithMediaPipeOnEveryStillPhoto(InferenceEngine engine) {
        Path dir = TestData.handsDir();
        LandmarkFile reference = LandmarkFile.reference("shared_full.json");
        assertFalse(reference.images().isEmpty(), "reference has no images");
        LandmarkAgreement agreement = new LandmarkAgreement();
        String label = "[mediapipe, " + engine.configName() + "] ";

        NativeCore core = NativeCore.instance();
        assertEquals(engine, core.useInferenceEngine(engine));
        try (ShieldProcessor processor = Sessions.newStillProcessor(Sessions.REFERENCE)) {
            for (LandmarkFile.Image image : reference.images()) {
                I420Frame in = TestData.readI420(dir.resolve(image.file()));
                I420Frame out = I420Frame.allocate(in.width(), in.height());
                FrameDetails result = Sessions.still(processor, in, out);
                System.out.println(label + agreement.add(result.hands(), image).describe());
            }
        } finally {
            core.useInferenceEngine(InferenceEngine.DEFAULT);
        }
        System.out.println(label + agreement.summary("shared_full.json").replace("\n", "\n" + label));

        Stats errors = agreement.errors();
        assertTrue(
                agreement.countMismatches() <= 3, agreement.countMismatches() + " images with a different hand count");
        assertTrue(errors.count() > 0, "no hands matched");
        assertTrue(errors.median() <= 0.02, "median per-hand error " + 100 * errors.median() + "% of palm size > 2%");
        assertTrue(errors.p90() <= 0.05, "p90 per-hand error " + 100 * errors.p90() + "% of palm size > 5%");
        assertTrue(
                agreement.handednessMismatches() <= 3, agreement.handednessMismatches() + " handedness labels differ");
    }
}
