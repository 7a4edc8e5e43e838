package io.magicshield.core;

import io.magicshield.core.probe.ProbeNative;
import io.magicshield.models.HandModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The anchor benchmark (docs/performance.md, "The hand models against TFLite with XNNPACK"): each hand model's
 * network on our engine (OpenCV DNN with our layers, through the test probe, as the frame pass runs it) against
 * Google's TFLite 2.19 with its default XNNPACK delegate, at 1 and 2 threads, on the same real inputs (the palm
 * model's letterboxes and the landmark model's crops of the shared photos and clip01's frames, made by our core),
 * interleaved in one run so that both engines see the same load on a shared machine. It prints each cell's p50
 * and p90 and the ratio ours / TFLite; timings are never asserted.
 *
 * <pre>mvn -pl native verify -Pengine-bench -DskipTests</pre>
 */
public final class InferenceEngineBench {
    private static final int[] THREADS = {1, 2};
    private static final int WARMUP = 30;
    private static final int ROUNDS = 30;
    private static final int RUNS_PER_BLOCK = 10; // a block of runs per cell and round: 300 timed runs per cell

    private InferenceEngineBench() {}

    /** A model, the probe index of its ModelKind and the real inputs both engines get, as NCHW tensors. */
    private record Subject(HandModel model, int kind, int size, List<float[]> inputs) {}

    public static void main(String[] args) throws Exception {
        NativeCore core = NativeCore.instance();
        Path hands = TestData.handsDir();
        List<Path> stills = TestData.stills();
        List<Path> clip = TestData.framesOf(hands.resolve("clip01"));
        List<I420Frame> frames = new ArrayList<>();
        stills.forEach(p -> frames.add(TestData.readI420(p)));
        for (int i = 0; i < clip.size(); i += 4) {
            frames.add(TestData.readI420Resized(clip.get(i), 640, 480));
        }

        List<Subject> subjects = new ArrayList<>();
        subjects.add(new Subject(HandModel.PALM_DETECTION_FULL, 0, 192, letterboxes(0, frames)));
        subjects.add(new Subject(HandModel.PALM_DETECTION_LITE, 1, 192, letterboxes(1, frames)));
        subjects.add(new Subject(HandModel.HAND_LANDMARK_FULL, 2, 224, crops(1, frames)));
        subjects.add(new Subject(HandModel.HAND_LANDMARK_LITE, 3, 224, crops(0, frames)));

        Map<HandModel, ProbeNative.NetworkProbe> ours = new EnumMap<>(HandModel.class);
        Map<HandModel, TfliteModel[]> tflite = new EnumMap<>(HandModel.class);
        for (Subject s : subjects) {
            ours.put(s.model(), new ProbeNative.NetworkProbe(s.kind()));
            TfliteModel[] byThreads = new TfliteModel[THREADS.length];
            for (int t = 0; t < THREADS.length; t++) {
                byThreads[t] = new TfliteModel(s.model(), s.size(), THREADS[t]);
            }
            tflite.put(s.model(), byThreads);
        }
        System.out.printf(
                "[engine bench] %d frames (%d photos, clip01 every 4th at 640x480); inputs: palm %d, landmarks %d;"
                        + " %d warm-ups, then %d rounds x %d runs per cell, cells interleaved; load average %.2f%n",
                frames.size(),
                stills.size(),
                subjects.get(0).inputs().size(),
                subjects.get(2).inputs().size(),
                WARMUP,
                ROUNDS,
                RUNS_PER_BLOCK,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());

        // [subject][threads][0 TFLite, 1 ours]: milliseconds
        int cells = subjects.size() * THREADS.length * 2;
        List<List<Double>> times = new ArrayList<>();
        for (int c = 0; c < cells; c++) {
            times.add(new ArrayList<>());
        }
        try (FloatPointer tensor = new FloatPointer(3L * 224 * 224);
                FloatPointer out = new FloatPointer(2016L * 19)) {
            for (int round = -1; round < ROUNDS; round++) {
                int runs = round < 0 ? WARMUP : RUNS_PER_BLOCK;
                int cell = 0;
                for (Subject s : subjects) {
                    for (int t = 0; t < THREADS.length; t++) {
                        TfliteModel reference = tflite.get(s.model())[t];
                        List<Double> tfliteTimes = times.get(cell++);
                        for (int r = 0; r < runs; r++) {
                            reference.setInput(s.inputs()
                                    .get((round * runs + r + s.inputs().size())
                                            % s.inputs().size()));
                            long start = System.nanoTime();
                            reference.invoke();
                            long end = System.nanoTime();
                            if (round >= 0) {
                                tfliteTimes.add((end - start) / 1e6);
                            }
                        }
                        core.setInferenceThreads(THREADS[t]);
                        ProbeNative.NetworkProbe probe = ours.get(s.model());
                        List<Double> ourTimes = times.get(cell++);
                        for (int r = 0; r < runs; r++) {
                            tensor.put(s.inputs()
                                    .get((round * runs + r + s.inputs().size())
                                            % s.inputs().size()));
                            long start = System.nanoTime();
                            probe.run(tensor, out);
                            long end = System.nanoTime();
                            if (round >= 0) {
                                ourTimes.add((end - start) / 1e6);
                            }
                        }
                    }
                }
            }
        }

        System.out.println(
                "| model | threads | TFLite XNNPACK Invoke() p50 / p90 | ours p50 / p90 | ours / TFLite (p50) |");
        System.out.println("|---|---|---|---|---|");
        int cell = 0;
        for (Subject s : subjects) {
            for (int threads : THREADS) {
                Stats reference = Stats.of(times.get(cell++));
                Stats mine = Stats.of(times.get(cell++));
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %d | %.2f / %.2f ms | %.2f / %.2f ms | %.2f |%n",
                        s.model().fileName().replace(".tflite", ""),
                        threads,
                        reference.median(),
                        reference.p90(),
                        mine.median(),
                        mine.p90(),
                        mine.median() / reference.median());
            }
        }
        System.out.printf(
                "[engine bench] load average at the end %.2f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
        for (TfliteModel[] models : tflite.values()) {
            for (TfliteModel m : models) {
                m.close();
            }
        }
        ours.values().forEach(ProbeNative.NetworkProbe::close);
    }

    /** The palm model's inputs: each frame letterboxed into 192x192 by our core. */
    private static List<float[]> letterboxes(int kind, List<I420Frame> frames) {
        List<float[]> inputs = new ArrayList<>();
        try (ProbeNative.NetworkProbe probe = new ProbeNative.NetworkProbe(kind);
                FloatPointer tensor = new FloatPointer(3L * 192 * 192)) {
            for (I420Frame f : frames) {
                probe.letterbox(
                        f.y(), f.strideY(), f.u(), f.strideU(), f.v(), f.strideV(), f.width(), f.height(), tensor);
                float[] values = new float[3 * 192 * 192];
                tensor.get(values);
                inputs.add(values);
            }
        }
        return inputs;
    }

    /** The landmark model's inputs: the crops of the hands our palm detection and ROI stage find in the frames. */
    private static List<float[]> crops(int complexity, List<I420Frame> frames) {
        List<float[]> inputs = new ArrayList<>();
        try (ProbeNative.LandmarkProbe probe = new ProbeNative.LandmarkProbe(complexity);
                FloatPointer tensor = new FloatPointer(TfliteLandmarkModel.VALUES)) {
            for (I420Frame f : frames) {
                int rois =
                        probe.detect(f.y(), f.strideY(), f.u(), f.strideU(), f.v(), f.strideV(), f.width(), f.height());
                for (int i = 0; i < rois; i++) {
                    probe.crop(i, tensor);
                    float[] values = new float[TfliteLandmarkModel.VALUES];
                    tensor.get(values);
                    inputs.add(values);
                }
            }
        }
        if (inputs.isEmpty()) {
            throw new IllegalStateException("no hand crops: palm detection found no hand in the frames");
        }
        return inputs;
    }
}
