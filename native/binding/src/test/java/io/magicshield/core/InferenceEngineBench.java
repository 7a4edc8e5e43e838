package io.magicshield.core;

import io.magicshield.core.probe.ProbeNative;
import io.magicshield.models.HandModel;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

/**
 * The anchor benchmark (docs/performance.md, "The hand models against TFLite with XNNPACK"): each hand model's
 * network on our engines, through the test probe as the frame pass runs them (OpenCV DNN with our layers, and
 * TfliteNetwork, the server's and the CLI's default engine), against Google's TFLite 2.19 with its default
 * XNNPACK delegate, at 1 and 2 threads, on the same real inputs (the palm model's letterboxes and the landmark
 * model's crops of the shared photos and clip01's frames, made by our core), interleaved in one run so that the
 * engines see the same load on a shared machine. Each cell times what its engine does per inference with its input
 * already in place: TFLite's {@code Invoke()}; TfliteNetwork's input size check, {@code Invoke()} and output checks
 * (the frame pass samples the input straight into the interpreter's tensor, so no copy is left to time); OpenCV DNN's
 * forward pass from our NCHW tensor, its input copy and our dense heads included. It prints each cell's p50 and p90
 * and the ratios to TFLite's p50; timings are never asserted.
 *
 * <pre>mvn -pl native verify -Pengine-bench -DskipTests</pre>
 */
public final class InferenceEngineBench {
    private static final int[] THREADS = {1, 2};
    private static final int WARMUP = 30;
    private static final int ROUNDS = 30;
    private static final String OPENCV = "OpenCV DNN";
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

        // The library the Java TFLite runs on: our C++ engine opens the same file.
        String tfliteLibrary = Loader.load(tensorflowlite.class);
        List<Cell> cells = new ArrayList<>();
        List<AutoCloseable> resources = new ArrayList<>();
        FloatPointer tensor = new FloatPointer(3L * 224 * 224);
        FloatPointer out = new FloatPointer(2016L * 19);
        resources.add(tensor);
        resources.add(out);
        for (Subject s : subjects) {
            ProbeNative.NetworkProbe opencv = new ProbeNative.NetworkProbe(s.kind());
            resources.add(opencv);
            for (int threads : THREADS) {
                TfliteModel reference = new TfliteModel(s.model(), s.size(), threads);
                ProbeNative.NetworkProbe ours = new ProbeNative.NetworkProbe(s.kind(), tfliteLibrary, threads);
                resources.add(reference);
                resources.add(ours);
                cells.add(new Cell(s, threads, "TFLite", input -> {
                    reference.setInput(input);
                    long start = System.nanoTime();
                    reference.invoke();
                    return System.nanoTime() - start;
                }));
                cells.add(new Cell(s, threads, OPENCV, input -> {
                    tensor.put(input);
                    long start = System.nanoTime();
                    opencv.run(tensor, out);
                    return System.nanoTime() - start;
                }));
                cells.add(new Cell(s, threads, "TfliteNetwork", input -> {
                    // The frame pass's sampler writes the input in place; here it is put there before the clock.
                    tensor.put(input);
                    ours.load(tensor);
                    long start = System.nanoTime();
                    ours.invoke();
                    return System.nanoTime() - start;
                }));
            }
        }
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
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
                os.getSystemLoadAverage());

        for (int round = -1; round < ROUNDS; round++) {
            int runs = round < 0 ? WARMUP : RUNS_PER_BLOCK;
            for (Cell cell : cells) {
                if (cell.engine().equals(OPENCV)) {
                    core.setInferenceThreads(cell.threads()); // process-wide: once per block
                }
                List<float[]> inputs = cell.subject().inputs();
                for (int r = 0; r < runs; r++) {
                    long nanos = cell.runner().run(inputs.get((round * runs + r + inputs.size()) % inputs.size()));
                    if (round >= 0) {
                        cell.millis().add(nanos / 1e6);
                    }
                }
            }
        }

        System.out.println("| model | threads | TFLite XNNPACK Invoke() p50 / p90 | OpenCV DNN p50 / p90"
                + " | TfliteNetwork (the default engine) p50 / p90 | OpenCV / TFLite | TfliteNetwork / TFLite |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int i = 0; i < cells.size(); i += 3) {
            Stats reference = Stats.of(cells.get(i).millis());
            Stats opencv = Stats.of(cells.get(i + 1).millis());
            Stats ours = Stats.of(cells.get(i + 2).millis());
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %.2f / %.2f ms | %.2f / %.2f ms | %.2f / %.2f ms | %.2f | %.2f |%n",
                    cells.get(i).subject().model().fileName().replace(".tflite", ""),
                    cells.get(i).threads(),
                    reference.median(),
                    reference.p90(),
                    opencv.median(),
                    opencv.p90(),
                    ours.median(),
                    ours.p90(),
                    opencv.median() / reference.median(),
                    ours.median() / reference.median());
        }
        System.out.printf("[engine bench] load average at the end %.2f%n", os.getSystemLoadAverage());
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    /** One engine's timing of one model at one thread count: nanoseconds of a run on an input. */
    private interface Runner {
        long run(float[] input);
    }

    private record Cell(Subject subject, int threads, String engine, Runner runner, List<Double> millis) {
        Cell(Subject subject, int threads, String engine, Runner runner) {
            this(subject, threads, engine, runner, new ArrayList<>());
        }
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
