package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.core.probe.ProbeNative;
import io.magicshield.models.SegmentationModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The selfie segmentation models as our core runs them on each engine (OpenCV DNN, with our own layer for MediaPipe's
 * custom op Convolution2DTransposeBias; TFLite, whose XNNPACK delegate takes that op itself) against Google's TFLite
 * runtime with MediaPipe's kernel for that op, on identical input: the tensor the core makes from each still photo
 * and clip01 frame (the frame stretched to the model's input). Compared at model resolution, before any 8-bit
 * storage or scaling.
 */
class TfliteSegmentationAgreementTest {

    @ParameterizedTest(name = "{1} on {2}")
    @CsvSource({"4, GENERAL, OPENCV", "5, LANDSCAPE, OPENCV", "4, GENERAL, TFLITE", "5, LANDSCAPE, TFLITE"})
    void segmentationAgreesWithTflite(int kind, SegmentationModel segmentationModel, InferenceEngine engine)
            throws IOException {
        List<Path> photos = new ArrayList<>(TestData.stills());
        photos.addAll(TestData.framesOf(TestData.handsDir().resolve("clip01")).subList(0, 20));
        NativeCore core = NativeCore.instance(); // loads the models the probe uses
        // The probe's segmenter runs on the engine chosen when it is made.
        assertEquals(engine, core.useInferenceEngine(engine));

        List<Double> maxDiffs = new ArrayList<>();
        double worst = -1;
        String worstPhoto = "";
        int calls;
        ProbeNative.SegmentationProbe made;
        try {
            made = new ProbeNative.SegmentationProbe(kind);
        } finally {
            core.useInferenceEngine(InferenceEngine.DEFAULT);
        }
        try (ProbeNative.SegmentationProbe probe = made) {
            int width = probe.input_width();
            int height = probe.input_height();
            try (TfliteSegmentationModel tflite = new TfliteSegmentationModel(segmentationModel, width, height);
                    FloatPointer tensor = new FloatPointer(3L * width * height);
                    FloatPointer ours = new FloatPointer((long) width * height)) {
                float[] nchw = new float[3 * width * height];
                float[] o = new float[width * height];
                for (Path photo : photos) {
                    I420Frame f = TestData.readI420(photo);
                    probe.input(
                            f.y(), f.strideY(), f.u(), f.strideU(), f.v(), f.strideV(), f.width(), f.height(), tensor);
                    tensor.get(nchw);
                    probe.infer(tensor, ours);
                    ours.get(o);
                    float[] t = tflite.run(nchw);
                    double max = 0;
                    for (int i = 0; i < o.length; i++) {
                        max = Math.max(max, Math.abs(o[i] - t[i]));
                    }
                    maxDiffs.add(max);
                    if (max > worst) {
                        worst = max;
                        worstPhoto = photo.getFileName().toString();
                    }
                }
                calls = tflite.customOpCalls();
            }
        }
        Stats diffs = Stats.of(maxDiffs);
        String label = "[tflite " + segmentationModel.fileName() + ", " + engine.configName() + " engine] ";
        System.out.println(label + photos.size() + " frames; per frame, the largest |ours - TFLite| of the person "
                + "probabilities: " + diffs.format(1, ""));
        System.out.printf("%slargest: %.3g (%s)%n", label, worst, worstPhoto);

        // TFLite ran MediaPipe's op through our registration once per frame, so the model still ends in it.
        assertEquals(photos.size(), calls);
        // The bound; float sums in another order differ by about 1e-6 (OpenCV: at most 1.3e-4). On the TFLite
        // engine XNNPACK's own kernel takes the last op, where TFLite from Java runs MediaPipe's: 1.05e-3 at most (one
        // pixel of fist_01, p90 1.5e-4), so twice the bound there. The masks against MediaPipe's own are the same on
        // both engines (ctest person_segmentation_on_tflite: the same IoU medians, 0.990-0.997).
        double bound = engine == InferenceEngine.TFLITE ? 2e-3 : 1e-3;
        assertTrue(diffs.max() <= bound, "person probabilities differ from TFLite by up to " + diffs.max());
    }
}
