package io.magicshield.core;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link InferenceEngineTest} with org.bytedeco:tensorflow-lite left off the class path, as a
 * server whose module lacks it: the core loads, asks for TFLite twice (at load and as a server's configuration would)
 * and must run the photo {@code args[0]} on OpenCV. Prints the engine and the hands found.
 */
final class WithoutTfliteMain {
    private WithoutTfliteMain() {}

    public static void main(String[] args) {
        NativeCore core = NativeCore.instance();
        InferenceEngine asked = core.useInferenceEngine(InferenceEngine.TFLITE);
        System.out.println("engine: " + core.inferenceEngine() + ", asked for TFLite: " + asked);
        System.out.println("describe: " + core.describe());
        I420Frame in = TestData.readI420(Path.of(args[0]));
        try (ShieldProcessor processor = core.newProcessor(Sessions.REFERENCE, FrameMode.STILL_IMAGES)) {
            FrameDetails result = Sessions.still(processor, in, I420Frame.allocate(in.width(), in.height()));
            System.out.println("hands: " + result.hands().size());
        }
    }
}
