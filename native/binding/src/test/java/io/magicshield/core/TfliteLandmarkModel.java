package io.magicshield.core;

import io.magicshield.models.HandModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;

/**
 * A hand landmark model run by Google's TFLite runtime (the reference implementation of the .tflite format):
 * the same model file our core runs through OpenCV DNN. Input 1x224x224x3 NHWC RGB in [0, 1]; outputs in the
 * model's order: 0 landmarks (63, crop pixels), 1 presence, 2 handedness, 3 world landmarks (63). Output names
 * are not read: TfLiteTensor.name() crashes in this preset, and the order is fixed by the model.
 */
final class TfliteLandmarkModel implements AutoCloseable {
    static final int SIZE = 224;
    static final int VALUES = 3 * SIZE * SIZE;

    /** What the model gives for one crop: landmarks in crop pixels, presence and handedness probabilities. */
    record Output(float[] landmarks, float presence, float handedness) {}

    private final FlatBufferModel model;
    private final BuiltinOpResolver resolver;
    private final Interpreter interpreter;
    private final FloatPointer input;
    private final FloatPointer landmarks;
    private final FloatPointer presence;
    private final FloatPointer handedness;

    TfliteLandmarkModel(HandModel handModel) throws IOException {
        // TFLite reads models from files; the core gets the same bytes from the classpath.
        Path file = Files.createTempFile("magicshield-", "-" + handModel.fileName());
        file.toFile().deleteOnExit();
        Files.write(file, handModel.bytes());
        model = FlatBufferModel.BuildFromFile(file.toString());
        if (model == null || model.isNull()) {
            throw new IOException("TFLite cannot load " + handModel.fileName());
        }
        resolver = new BuiltinOpResolver();
        // The builder fills a std::unique_ptr<Interpreter>: JavaCPP maps it to a null Interpreter it sets.
        interpreter = new Interpreter((Pointer) null);
        try (InterpreterBuilder builder = new InterpreterBuilder(model, resolver)) {
            check(builder.apply(interpreter), "build the interpreter");
        }
        if (interpreter.isNull()) {
            throw new IOException("TFLite built no interpreter for " + handModel.fileName());
        }
        check(interpreter.AllocateTensors(), "allocate tensors");
        input = interpreter.typed_input_tensor_float(0).capacity(VALUES);
        landmarks = interpreter.typed_output_tensor_float(0).capacity(63);
        presence = interpreter.typed_output_tensor_float(1).capacity(1);
        handedness = interpreter.typed_output_tensor_float(2).capacity(1);
    }

    /** Runs the model on a 1x3x224x224 NCHW tensor (what LandmarkProbe.crop gives), transposed to NHWC. */
    Output run(float[] nchw) {
        float[] nhwc = new float[VALUES];
        int plane = SIZE * SIZE;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                nhwc[3 * i + c] = nchw[c * plane + i];
            }
        }
        input.put(nhwc);
        check(interpreter.Invoke(), "invoke");
        float[] points = new float[63];
        landmarks.get(points);
        return new Output(points, presence.get(0), handedness.get(0));
    }

    private static void check(int status, String what) {
        if (status != 0) {
            throw new IllegalStateException("TFLite could not " + what + " (status " + status + ")");
        }
    }

    @Override
    public void close() {
        interpreter.close();
        resolver.close();
        model.close();
    }
}
