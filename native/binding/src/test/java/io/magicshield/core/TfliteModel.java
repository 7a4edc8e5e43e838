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
 * One of MediaPipe's hand models run by Google's TFLite runtime, the reference implementation of the .tflite format
 * and MediaPipe's own engine: with {@link BuiltinOpResolver} TFLite applies its XNNPACK delegate by default, as
 * MediaPipe's native build does. Input: a square NHWC RGB tensor in [0, 1]; outputs in the model's order (their
 * names are not read: TfLiteTensor.name() crashes in this preset, and the order is fixed by the model).
 */
final class TfliteModel implements AutoCloseable {
    private final FlatBufferModel model;
    private final BuiltinOpResolver resolver;
    private final Interpreter interpreter;
    private final int size;
    private final FloatPointer input;
    private final float[] nhwc;

    /** An interpreter on `threads` threads (XNNPACK's thread pool included) for a model with a size x size input. */
    TfliteModel(HandModel handModel, int size, int threads) throws IOException {
        this.size = size;
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
            check(builder.apply(interpreter, threads), "build the interpreter");
        }
        if (interpreter.isNull()) {
            throw new IOException("TFLite built no interpreter for " + handModel.fileName());
        }
        check(interpreter.AllocateTensors(), "allocate tensors");
        input = interpreter.typed_input_tensor_float(0).capacity(3L * size * size);
        nhwc = new float[3 * size * size];
    }

    /** Sets the input from a 1x3xSxS NCHW tensor (what our core's samplers give), transposed to NHWC. */
    void setInput(float[] nchw) {
        int plane = size * size;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                nhwc[3 * i + c] = nchw[c * plane + i];
            }
        }
        input.put(nhwc);
    }

    /** Runs the model on the input set last. */
    void invoke() {
        check(interpreter.Invoke(), "invoke");
    }

    /** Output `index`, `count` floats of it. */
    float[] output(int index, int count) {
        float[] values = new float[count];
        interpreter.typed_output_tensor_float(index).capacity(count).get(values);
        return values;
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
