package io.magicshield.core;

import io.magicshield.models.SegmentationModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.TfLiteContext;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteNode;
import org.bytedeco.tensorflowlite.TfLiteRegistration;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * A selfie segmentation model run by Google's TFLite runtime on its reference (non-delegated) kernels. TFLite does
 * not know MediaPipe's custom op Convolution2DTransposeBias, the models' last op but the sigmoid: MediaPipe
 * registers its own kernel for it. So does this class, with {@link TransposeConvBias}, a plain Java transcription of
 * MediaPipe's kernel (transpose_conv_bias.cc), independent of the core's C++ layer. Every other op, the sigmoid
 * after it included, is TFLite's. Input 1xHxWx3 NHWC RGB in [0, 1]; output HxW person probabilities.
 */
final class TfliteSegmentationModel implements AutoCloseable {

    private final FlatBufferModel model;
    private final BuiltinOpResolverWithoutDefaultDelegates resolver;
    private final TfLiteRegistration registration;
    private final TransposeConvBias kernel;
    private final Interpreter interpreter;
    private final FloatPointer input;
    private final FloatPointer output;
    private final int width;
    private final int height;

    TfliteSegmentationModel(SegmentationModel segmentationModel, int width, int height) throws IOException {
        this.width = width;
        this.height = height;
        Path file = Files.createTempFile("magicshield-", "-" + segmentationModel.fileName());
        file.toFile().deleteOnExit();
        Files.write(file, segmentationModel.bytes());
        model = FlatBufferModel.BuildFromFile(file.toString());
        if (model == null || model.isNull()) {
            throw new IOException("TFLite cannot load " + segmentationModel.fileName());
        }
        resolver = new BuiltinOpResolverWithoutDefaultDelegates();
        kernel = new TransposeConvBias();
        registration = new TfLiteRegistration().invoke(kernel);
        resolver.AddCustom("Convolution2DTransposeBias", registration);
        interpreter = new Interpreter((Pointer) null);
        try (InterpreterBuilder builder = new InterpreterBuilder(model, resolver)) {
            check(builder.apply(interpreter), "build the interpreter");
        }
        if (interpreter.isNull()) {
            throw new IOException("TFLite built no interpreter for " + segmentationModel.fileName());
        }
        check(interpreter.AllocateTensors(), "allocate tensors");
        input = interpreter.typed_input_tensor_float(0).capacity(3L * width * height);
        output = interpreter.typed_output_tensor_float(0).capacity((long) width * height);
    }

    /** How often TFLite called our kernel: once per run, or the model no longer ends in the custom op. */
    int customOpCalls() {
        return kernel.calls;
    }

    /** Runs the model on a 1x3xHxW NCHW tensor (what the core's probe gives), transposed to NHWC. */
    float[] run(float[] nchw) {
        int plane = width * height;
        float[] nhwc = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                nhwc[3 * i + c] = nchw[c * plane + i];
            }
        }
        input.put(nhwc);
        check(interpreter.Invoke(), "invoke");
        float[] out = new float[plane];
        output.get(out);
        return out;
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
        registration.close();
        kernel.close();
        model.close();
    }

    /**
     * MediaPipe's Convolution2DTransposeBias as its reference kernel computes it: inputs data (NHWC), weights (OHWI)
     * and bias; custom options {padding (1 SAME, 2 VALID), stride_width, stride_height} as three int32. The output
     * tensor keeps the shape the model file gives it, which must be MediaPipe's: stride * (in - 1) + kernel - padding.
     */
    static final class TransposeConvBias extends TfLiteRegistration.Invoke_TfLiteContext_TfLiteNode {
        private static final int SAME = 1;
        int calls;

        @Override
        public int call(TfLiteContext context, TfLiteNode node) {
            calls++;
            TfLiteIntArray inputs = node.inputs();
            TfLiteTensor data = tensor(context, inputs.data(0));
            TfLiteTensor weights = tensor(context, inputs.data(1));
            TfLiteTensor bias = tensor(context, inputs.data(2));
            TfLiteTensor out = tensor(context, node.outputs().data(0));
            IntPointer options = new IntPointer(node.custom_initial_data());
            boolean same = options.get(0) == SAME;
            int strideW = options.get(1);
            int strideH = options.get(2);
            int inH = data.dims().data(1),
                    inW = data.dims().data(2),
                    inC = data.dims().data(3);
            int outC = weights.dims().data(0),
                    kH = weights.dims().data(1),
                    kW = weights.dims().data(2);
            int outH = out.dims().data(1), outW = out.dims().data(2);
            int padH = same ? Math.max(0, kH - (inH - 1) % strideH - 1) : 0;
            int padW = same ? Math.max(0, kW - (inW - 1) % strideW - 1) : 0;
            if (outH != strideH * (inH - 1) + kH - padH || outW != strideW * (inW - 1) + kW - padW) {
                return 1; // kTfLiteError: the model's shapes are not the op's
            }
            float[] x = floats(data, inH * inW * inC);
            float[] w = floats(weights, outC * kH * kW * inC);
            float[] b = floats(bias, outC);
            float[] y = new float[outH * outW * outC];
            for (int i = 0; i < outH * outW; i++) {
                System.arraycopy(b, 0, y, i * outC, outC);
            }
            for (int iy = 0; iy < inH; iy++) {
                for (int ix = 0; ix < inW; ix++) {
                    for (int ic = 0; ic < inC; ic++) {
                        float value = x[(iy * inW + ix) * inC + ic];
                        for (int fy = 0; fy < kH; fy++) {
                            int oy = iy * strideH - padH / 2 + fy;
                            for (int fx = 0; fx < kW; fx++) {
                                int ox = ix * strideW - padW / 2 + fx;
                                if (oy < 0 || oy >= outH || ox < 0 || ox >= outW) {
                                    continue;
                                }
                                for (int oc = 0; oc < outC; oc++) {
                                    y[(oy * outW + ox) * outC + oc] += value * w[((oc * kH + fy) * kW + fx) * inC + ic];
                                }
                            }
                        }
                    }
                }
            }
            out.data().f().capacity(y.length).put(y);
            return 0;
        }

        private static TfLiteTensor tensor(TfLiteContext context, int index) {
            return context.tensors().getPointer(index);
        }

        private static float[] floats(TfLiteTensor tensor, int count) {
            float[] values = new float[count];
            tensor.data().f().capacity(count).get(values);
            return values;
        }
    }
}
