package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.core.probe.ProbeNative;
import io.magicshield.models.HandModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.tensorflowlite.global.tensorflowlite;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The landmark model as our core runs it on each engine (OpenCV DNN, with the dense heads applied by the core because
 * OpenCV 4.11 computes them wrongly; TFLite with XNNPACK through its C API) against Google's TFLite runtime from Java,
 * on identical input: the crops our own palm detection and ROI stage cut from real photos. Any difference here is the
 * inference engine's alone.
 */
class TfliteAgreementTest {
    private static final int OUTPUTS = 63 + 2;

    @ParameterizedTest(name = "{1}")
    @CsvSource({"1, HAND_LANDMARK_FULL", "0, HAND_LANDMARK_LITE"})
    void landmarkModelAgreesWithTflite(int complexity, HandModel handModel) throws IOException {
        // The core's TFLite engine opens the library JavaCPP extracted for the Java TFLite, as NativeCore does.
        String tfliteLibrary = Loader.load(tensorflowlite.class);
        // Every still with a hand in it (the no_hand photos give no crops); at least open palms, two hands,
        // four fingers and fists, as the landmarks and the shield decision depend on them.
        List<Path> photos = TestData.stills().stream()
                .filter(p -> !p.getFileName().toString().startsWith("no_hand_"))
                .toList();
        NativeCore.instance(); // loads the models the probe uses

        List<Double> pointDiffs = new ArrayList<>(); // per landmark: |(x, y) ours - TFLite|, 224 px scale
        List<Double> enginePointDiffs = new ArrayList<>(); // |(x, y) our TFLite engine - OpenCV DNN| and - TFLite
        List<Double> engineValueDiffs = new ArrayList<>(); // z, presence, handedness: the same pairs
        List<Double> zDiffs = new ArrayList<>();
        List<Double> presenceDiffs = new ArrayList<>();
        List<Double> handednessDiffs = new ArrayList<>();
        int crops = 0;
        int handsByTflite = 0; // crops TFLite itself finds a hand in: the comparison is on real hands
        String worst = "";
        double worstDiff = -1;
        try (ProbeNative.LandmarkProbe probe = new ProbeNative.LandmarkProbe(complexity);
                TfliteLandmarkModel tflite = new TfliteLandmarkModel(handModel);
                ProbeNative.NetworkProbe engine = new ProbeNative.NetworkProbe(2 + (1 - complexity), tfliteLibrary, 1);
                FloatPointer tensor = new FloatPointer(TfliteLandmarkModel.VALUES);
                FloatPointer ours = new FloatPointer(OUTPUTS);
                FloatPointer onEngine = new FloatPointer(OUTPUTS)) {
            float[] nchw = new float[TfliteLandmarkModel.VALUES];
            float[] o = new float[OUTPUTS];
            float[] e = new float[OUTPUTS];
            for (Path photo : photos) {
                I420Frame f = TestData.readI420(photo);
                int rois =
                        probe.detect(f.y(), f.strideY(), f.u(), f.strideU(), f.v(), f.strideV(), f.width(), f.height());
                for (int i = 0; i < rois; i++) {
                    probe.crop(i, tensor);
                    tensor.get(nchw);
                    probe.infer(tensor, ours);
                    ours.get(o);
                    engine.run(tensor, onEngine);
                    onEngine.get(e);
                    TfliteLandmarkModel.Output t = tflite.run(nchw);
                    for (int k = 0; k < 21; k++) {
                        enginePointDiffs.add(Math.hypot(e[3 * k] - o[3 * k], e[3 * k + 1] - o[3 * k + 1]));
                        enginePointDiffs.add(
                                Math.hypot(e[3 * k] - t.landmarks()[3 * k], e[3 * k + 1] - t.landmarks()[3 * k + 1]));
                        engineValueDiffs.add((double) Math.abs(e[3 * k + 2] - o[3 * k + 2]));
                        engineValueDiffs.add((double) Math.abs(e[3 * k + 2] - t.landmarks()[3 * k + 2]));
                    }
                    engineValueDiffs.add((double) Math.abs(e[63] - o[63]));
                    engineValueDiffs.add((double) Math.abs(e[63] - t.presence()));
                    engineValueDiffs.add((double) Math.abs(e[64] - o[64]));
                    engineValueDiffs.add((double) Math.abs(e[64] - t.handedness()));
                    for (int k = 0; k < 21; k++) {
                        double d = Math.hypot(o[3 * k] - t.landmarks()[3 * k], o[3 * k + 1] - t.landmarks()[3 * k + 1]);
                        pointDiffs.add(d);
                        if (d > worstDiff) {
                            worstDiff = d;
                            worst = photo.getFileName() + " crop " + i + " landmark " + k;
                        }
                        zDiffs.add((double) Math.abs(o[3 * k + 2] - t.landmarks()[3 * k + 2]));
                    }
                    presenceDiffs.add((double) Math.abs(o[63] - t.presence()));
                    handednessDiffs.add((double) Math.abs(o[64] - t.handedness()));
                    crops++;
                    handsByTflite += t.presence() >= 0.5f ? 1 : 0;
                }
            }
        }

        Stats points = Stats.of(pointDiffs);
        Stats z = Stats.of(zDiffs);
        Stats presence = Stats.of(presenceDiffs);
        Stats handedness = Stats.of(handednessDiffs);
        String label = "[tflite " + handModel.fileName() + "] ";
        System.out.println(label + photos.size() + " photos, " + crops + " crops, " + handsByTflite
                + " with TFLite presence >= 0.5");
        System.out.println(label + "landmark x,y diff (224 px): " + points.format(1, " px"));
        System.out.println(label + "landmark z diff (224 px):   " + z.format(1, " px"));
        System.out.println(label + "presence diff:              " + presence.format(1, ""));
        System.out.println(label + "handedness diff:            " + handedness.format(1, ""));
        System.out.printf("%slargest landmark diff: %.3g px (%s)%n", label, worstDiff, worst);
        Stats enginePoints = Stats.of(enginePointDiffs);
        Stats engineValues = Stats.of(engineValueDiffs);
        System.out.println(
                label + "TFLite engine against OpenCV DNN and TFLite, x,y (224 px): " + enginePoints.format(1, " px"));
        System.out.println(
                label + "TFLite engine against both, z, presence, handedness: " + engineValues.format(1, ""));

        // Open palms, four fingers, two hands and fists all give crops; fewer would mean palm detection broke.
        assertTrue(crops >= 20, "only " + crops + " crops from " + photos.size() + " photos");
        assertTrue(handsByTflite >= 20, "TFLite sees a hand in only " + handsByTflite + " crops");
        // The issue allows 1 px; float arithmetic in a different order gives ~1e-4 px, so hold it to 1e-2 px: a
        // wrong layer or head (OpenCV's own heads were off by up to 3 px) shows at once.
        assertTrue(points.max() <= 1e-2, "landmarks differ from TFLite by up to " + points.max() + " px");
        assertTrue(z.max() <= 1e-2, "landmark z differs from TFLite by up to " + z.max() + " px");
        assertTrue(presence.max() <= 1e-3, "presence differs from TFLite by up to " + presence.max());
        assertTrue(handedness.max() <= 1e-3, "handedness differs from TFLite by up to " + handedness.max());
        // The engines against each other and against TFLite: the bar, 0.001 px at 224 scale.
        assertTrue(enginePoints.max() <= 1e-3, "the engines' landmarks differ by up to " + enginePoints.max() + " px");
        assertTrue(engineValues.max() <= 1e-3, "the engines' other outputs differ by up to " + engineValues.max());
    }
}
