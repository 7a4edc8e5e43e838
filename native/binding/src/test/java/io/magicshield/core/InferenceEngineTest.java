package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The engine the models run on: TFLite by default, OpenCV on request, and OpenCV, said once, where TFLite is absent. */
class InferenceEngineTest {

    @Test
    void tfliteByDefaultAndOpencvOnRequest() {
        NativeCore core = NativeCore.instance();
        assertEquals(InferenceEngine.DEFAULT, InferenceEngine.TFLITE);
        assertEquals(InferenceEngine.TFLITE, core.inferenceEngine(), "org.bytedeco:tensorflow-lite is a dependency");
        assertTrue(
                core.describe().contains("inference engine: tflite (XNNPACK, 1 thread per network)"), core.describe());
        try {
            assertEquals(InferenceEngine.OPENCV, core.useInferenceEngine(InferenceEngine.OPENCV));
            assertTrue(core.describe().contains("inference engine: opencv"), core.describe());
        } finally {
            assertEquals(InferenceEngine.TFLITE, core.useInferenceEngine(InferenceEngine.DEFAULT));
        }
    }

    @Test
    void namesAreTheConfigurationsAndOthersAreRefused() {
        assertEquals(InferenceEngine.TFLITE, InferenceEngine.fromConfigName("tflite"));
        assertEquals(InferenceEngine.OPENCV, InferenceEngine.fromConfigName("opencv"));
        for (String bad : new String[] {"TFLITE", "xnnpack", "", null}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> InferenceEngine.fromConfigName(bad));
            assertTrue(e.getMessage().contains("must be tflite or opencv"), e.getMessage());
        }
    }

    /** A child JVM without the tensorflow-lite jars, as a server whose module lacks them. */
    @Test
    void withoutTfliteTheCoreSaysSoOnceAndRunsOnOpencv() throws Exception {
        Path photo = TestData.handsDir().resolve("open_palm_01.jpg");
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("tensorflow-lite"))
                .collect(Collectors.joining(File.pathSeparator));
        Path log = Files.createTempFile("without-tflite-", ".log");
        try {
            Process child = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            classPath,
                            WithoutTfliteMain.class.getName(),
                            photo.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
            String output = Files.readString(log);
            System.out.println("[engine] without TFLite:\n" + output.strip());
            assertEquals(0, child.exitValue(), output);
            List<String> warnings = output.lines()
                    .filter(l -> l.contains("TFLite cannot be loaded, so the models run on OpenCV DNN"))
                    .toList();
            assertEquals(1, warnings.size(), "one warning, saying why:\n" + output);
            assertTrue(warnings.get(0).contains("tensorflowlite"), "the warning names what is missing: " + warnings);
            assertTrue(output.contains("engine: OPENCV, asked for TFLite: OPENCV"), output);
            assertTrue(output.contains("inference engine: opencv"), output);
            assertTrue(output.contains("hands: 1"), "the open palm is found on OpenCV:\n" + output);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
