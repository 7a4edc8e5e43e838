package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command-line tool as a user runs it: its three commands on real photos and clip frames, and its answers
 * to bad arguments (exit 2 with the usage) and to failures at run time (exit 1 with a message naming the path),
 * never a crash.
 */
class CliTest {
    // No hand, one open palm, two hands: 0, 1 and 2 hands in MediaPipe's reference; in the CLI's (natural) order.
    private static final List<String> PHOTOS = List.of("no_hand_01.jpg", "open_palm_04.jpg", "two_hands_02.jpg");
    private static final Pattern FRAME_MS_P50 = Pattern.compile("(?m)^frame_ms_p50=([0-9]+(?:\\.[0-9]+)?)$");

    @TempDir
    Path temp;

    private Path folderWith(String name, Path sourceDir, List<String> files) throws IOException {
        Path dir = Files.createDirectories(temp.resolve(name));
        for (String file : files) {
            Files.copy(sourceDir.resolve(file), dir.resolve(file));
        }
        return dir;
    }

    private static Cli.Result runOk(String... args) throws IOException, InterruptedException {
        Cli.Result result = Cli.run(args);
        System.out.println("[cli] " + String.join(" ", result.command()) + " -> exit " + result.exitCode());
        assertEquals(0, result.exitCode(), result.describe());
        return result;
    }

    @Test
    void landmarksWritesTheReferenceSchemaAndAgreesWithTheJavaApi() throws Exception {
        Path hands = TestData.handsDir();
        Path images = folderWith("photos", hands, PHOTOS);
        Path json = temp.resolve("landmarks.json");
        runOk("landmarks", "--images", images.toString(), "--out", json.toString());

        LandmarkFile written = LandmarkFile.read(json); // checks the schema
        assertEquals("image", written.mode());
        assertEquals(
                PHOTOS, written.images().stream().map(LandmarkFile.Image::file).toList());
        LandmarkAgreement agreement = new LandmarkAgreement();
        LandmarkAgreement sameAsJava = new LandmarkAgreement();
        var reference = LandmarkFile.reference("shared_full.json").byFile();
        try (ShieldProcessor processor = stillProcessorLikeTheCli()) {
            for (LandmarkFile.Image image : written.images()) {
                I420Frame in = TestData.readI420(hands.resolve(image.file()));
                assertEquals(in.width(), image.width(), image.file() + " width");
                assertEquals(in.height(), image.height(), image.file() + " height");
                assertTrue(image.ms() >= 0, image.file() + " ms " + image.ms());
                for (LandmarkFile.Hand hand : image.hands()) {
                    assertTrue(hand.score() >= 0.5 && hand.score() <= 1, image.file() + " score " + hand.score());
                }
                System.out.println("[cli] "
                        + agreement.add(image, reference.get(image.file())).describe());
                // The CLI's image mode and a reset Java processor run the same graph on the same I420 bytes.
                FrameDetails java = Sessions.still(processor, in, I420Frame.allocate(in.width(), in.height()));
                LandmarkFile.Image javaImage = toImage(image, java);
                LandmarkAgreement.ImageResult same = sameAsJava.add(image, javaImage);
                assertFalse(same.countMismatch(), image.file() + ": CLI and Java found different hands");
            }
        }
        System.out.println("[cli] " + agreement.summary("cli landmarks").replace("\n", "\n[cli] "));
        assertEquals(0, agreement.countMismatches(), "hand counts differ from MediaPipe's");
        assertTrue(
                agreement.errors().max() <= 0.02,
                "CLI landmarks off MediaPipe's by " + agreement.errors().max());
        System.out.println("[cli] CLI vs Java API: " + sameAsJava.errors().format(100, "%"));
        // Identical up to the JSON's 9 digits when the CLI and the JNI library come from the same build.
        assertTrue(
                sameAsJava.errors().max() <= 1e-3,
                "CLI and Java landmarks differ by " + 100 * sameAsJava.errors().max()
                        + "% of palm size: are target/magicshield-cli and the JNI library from the "
                        + "same build?");
    }

    /** The decision in the landmarks file: per hand open and open_score, per image shield, as the Java API has them. */
    @Test
    void landmarksSaysWhichHandsAreOpenAndWhereAShieldWasDrawn() throws Exception {
        Path hands = TestData.handsDir();
        List<String> photos = List.of("fist_02.jpg", "no_hand_01.jpg", "open_palm_04.jpg", "two_hands_02.jpg");
        Path json = temp.resolve("decisions.json");
        runOk("landmarks", "--images", folderWith("decisions", hands, photos).toString(), "--out", json.toString());
        JsonArray images;
        try (JsonReader reader = Json.createReader(Files.newInputStream(json))) {
            images = reader.readObject().getJsonArray("images");
        }
        assertEquals(photos.size(), images.size());
        int shields = 0;
        int closedHands = 0;
        try (ShieldProcessor processor = stillProcessorLikeTheCli()) {
            for (JsonObject image : images.getValuesAs(JsonObject.class)) {
                String file = image.getString("file");
                I420Frame in = TestData.readI420(hands.resolve(file));
                FrameDetails java = Sessions.still(processor, in, I420Frame.allocate(in.width(), in.height()));
                assertEquals(java.shieldsDrawn() > 0, image.getBoolean("shield"), file + " shield");
                shields += image.getBoolean("shield") ? 1 : 0;
                List<JsonObject> written = image.getJsonArray("hands").getValuesAs(JsonObject.class);
                assertEquals(java.hands().size(), written.size(), file + " hands");
                for (int i = 0; i < written.size(); i++) {
                    HandInfo hand = java.hands().get(i);
                    double score = written.get(i).getJsonNumber("open_score").doubleValue();
                    System.out.printf(
                            "[cli] %s hand %d: open %s, open_score %.3f%n",
                            file, i, written.get(i).getBoolean("open"), score);
                    assertTrue(score >= 0 && score <= 1, file + " open_score " + score);
                    assertEquals(hand.openScore(), score, 1e-6, file + " open_score");
                    assertEquals(
                            hand.state() == HandState.SHIELD, written.get(i).getBoolean("open"), file + " open");
                    closedHands += written.get(i).getBoolean("open") ? 0 : 1;
                }
            }
        }
        assertEquals(2, shields, "the open palm and the two open hands");
        assertTrue(closedHands >= 1, "the fist is not open");
    }

    /** A still processor on the CLI's engine, which is the server's: TFLite with XNNPACK, one thread per network. */
    private static ShieldProcessor stillProcessorLikeTheCli() {
        NativeCore core = NativeCore.instance();
        assertEquals(InferenceEngine.TFLITE, core.useInferenceEngine(InferenceEngine.TFLITE), "TFLite did not load");
        try {
            return Sessions.newStillProcessor(Sessions.REFERENCE);
        } finally {
            core.useInferenceEngine(InferenceEngine.DEFAULT);
        }
    }

    /** Java's hands as a landmarks-file image, normalised like the CLI writes them. */
    private static LandmarkFile.Image toImage(LandmarkFile.Image like, FrameDetails result) {
        List<LandmarkFile.Hand> hands = result.hands().stream()
                .map(h -> {
                    float[] n = h.landmarks().clone();
                    for (int i = 0; i < 21; i++) {
                        n[3 * i] /= like.width();
                        n[3 * i + 1] /= like.height();
                    }
                    return new LandmarkFile.Hand(h.handedness(), h.handednessScore(), n);
                })
                .toList();
        return new LandmarkFile.Image(like.file(), like.width(), like.height(), 0, hands);
    }

    @Test
    void landmarksInVideoModeTracksAcrossClipFrames() throws Exception {
        Path clip = TestData.handsDir().resolve("clip01");
        // Frames 10..17: the open palm, moving a little.
        List<String> frames = TestData.framesOf(clip).subList(9, 17).stream()
                .map(p -> p.getFileName().toString())
                .toList();
        Path images = folderWith("clip", clip, frames);
        Path json = temp.resolve("video.json");
        runOk("landmarks", "--images", images.toString(), "--out", json.toString(), "--mode", "video");

        LandmarkFile written = LandmarkFile.read(json);
        assertEquals("video", written.mode());
        assertEquals(
                frames, written.images().stream().map(LandmarkFile.Image::file).toList());
        var reference = LandmarkFile.reference("clip01_video.json").byFile();
        LandmarkAgreement agreement = new LandmarkAgreement();
        written.images().forEach(image -> agreement.add(image, reference.get(image.file())));
        System.out.println("[cli] " + agreement.summary("cli --mode video").replace("\n", "\n[cli] "));
        assertEquals(0, agreement.countMismatches(), "hand counts differ from MediaPipe's video run");
        assertTrue(
                agreement.errors().median() <= 0.02,
                "median error " + agreement.errors().median());
    }

    @Test
    void renderWritesOneImagePerInput() throws Exception {
        Path images = folderWith("photos", TestData.handsDir(), PHOTOS);
        Path out = temp.resolve("rendered");
        Cli.Result result = runOk("render", "--images", images.toString(), "--out", out.toString());
        System.out.print("[cli] " + result.stdout());

        try (Stream<Path> files = Files.list(out)) {
            assertEquals(
                    PHOTOS, files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (String name : PHOTOS) {
            Mat written = opencv_imgcodecs.imread(out.resolve(name).toString());
            Mat original = opencv_imgcodecs.imread(images.resolve(name).toString());
            assertEquals(original.cols(), written.cols(), name);
            assertEquals(original.rows(), written.rows(), name);
            written.close();
            original.close();
        }
        Matcher shields = Pattern.compile("\\((\\d+) with a shield\\)").matcher(result.stdout());
        assertTrue(shields.find(), "render did not say how many images got a shield");
        assertTrue(Integer.parseInt(shields.group(1)) >= 1, "the open palm got no shield");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"general", "landscape"})
    void maskWritesMediaPipesMaskForEachImage(String model) throws Exception {
        Path hands = TestData.handsDir();
        Path images = folderWith("photos", hands, PHOTOS);
        Path out = temp.resolve("masks");
        runOk("mask", "--images", images.toString(), "--out", out.toString(), "--model", model);
        for (String name : PHOTOS) {
            String png = name.replace(".jpg", ".png");
            Mat written = opencv_imgcodecs.imread(out.resolve(png).toString(), opencv_imgcodecs.IMREAD_UNCHANGED);
            Mat original = opencv_imgcodecs.imread(images.resolve(name).toString());
            Mat reference = opencv_imgcodecs.imread(
                    hands.resolve("mediapipe_reference/selfie/stills_" + model)
                            .resolve(png)
                            .toString(),
                    opencv_imgcodecs.IMREAD_UNCHANGED);
            assertEquals(1, written.channels(), png + ": an 8-bit grey mask");
            assertEquals(original.cols(), written.cols(), png);
            assertEquals(original.rows(), written.rows(), png);
            // MediaPipe's own mask of the same photo, made the same way: nearly the same values everywhere.
            double mean = meanAbsoluteDifference(written, reference) / 255;
            System.out.printf("[cli] mask %s %s: mean |ours - MediaPipe's| = %.4f%n", model, png, mean);
            assertTrue(mean < 0.02, png + ": mean difference to MediaPipe's mask " + mean);
            written.close();
            original.close();
            reference.close();
        }
    }

    @Test
    void renderReplacesTheBackgroundWithTheSceneOrAFile() throws Exception {
        Path hands = TestData.handsDir();
        Path images = folderWith("photos", hands, List.of("open_palm_04.jpg"));
        Path plain = temp.resolve("plain");
        Path scene = temp.resolve("scene");
        Path file = temp.resolve("file");
        runOk("render", "--images", images.toString(), "--out", plain.toString());
        runOk("render", "--images", images.toString(), "--out", scene.toString(), "--background", "scene");
        String picture = hands.resolve("no_hand_01.jpg").toString();
        runOk("render", "--images", images.toString(), "--out", file.toString(), "--background", picture);
        Mat original = opencv_imgcodecs.imread(plain.resolve("open_palm_04.jpg").toString());
        for (Path replaced : List.of(scene, file)) {
            Mat written =
                    opencv_imgcodecs.imread(replaced.resolve("open_palm_04.jpg").toString());
            assertEquals(original.cols(), written.cols());
            double changed = meanAbsoluteDifference(written, original);
            assertTrue(changed > 5, replaced.getFileName() + ": the background did not change (" + changed + ")");
            written.close();
        }
        original.close();
    }

    /** Over all pixels and channels, 0..255. */
    private static double meanAbsoluteDifference(Mat a, Mat b) {
        try (Mat diff = new Mat()) {
            opencv_core.absdiff(a, b, diff);
            Scalar mean = opencv_core.mean(diff);
            double sum = 0;
            for (int c = 0; c < a.channels(); c++) {
                sum += mean.get(c);
            }
            return sum / a.channels();
        }
    }

    @Test
    void benchPrintsTheFrameMedian() throws Exception {
        Path clip = TestData.handsDir().resolve("clip01");
        Cli.Result result = runOk("bench", "--images", clip.toString(), "--frames", "30", "--warmup", "2");
        System.out.print(
                result.stdout().lines().map(l -> "[cli bench] " + l + "\n").reduce("", String::concat));
        Matcher median = FRAME_MS_P50.matcher(result.stdout());
        assertTrue(median.find(), "no frame_ms_p50=<number> line in:\n" + result.stdout());
        double ms = Double.parseDouble(median.group(1));
        assertTrue(ms > 0 && ms < 10_000, "frame_ms_p50=" + ms);
    }

    /** The models run on TFLite with XNNPACK by default, as on the server; OpenCV DNN is chosen by name. */
    @Test
    void engineIsTfliteByDefaultAndOpencvByChoice() throws Exception {
        String clip = TestData.handsDir().resolve("clip01").toString();
        Cli.Result tflite = runOk("bench", "--images", clip, "--frames", "3", "--warmup", "0");
        assertTrue(
                tflite.stdout().contains("inference engine: tflite (XNNPACK, 1 thread per network)"),
                tflite.describe());
        Cli.Result opencv = runOk("bench", "--images", clip, "--frames", "3", "--warmup", "0", "--engine", "opencv");
        assertTrue(opencv.stdout().contains("inference engine: opencv,"), opencv.describe());

        Cli.Result unknown = Cli.run("bench", "--images", clip, "--engine", "onnx");
        assertFalse(unknown.crashed(), unknown.describe());
        assertEquals(2, unknown.exitCode(), unknown.describe());
        assertTrue(unknown.output().contains("usage: magicshield-cli"), unknown.describe());
        Path missing = temp.resolve("no-such-libjnitensorflowlite.so");
        expectFailure(missing.toString(), "bench", "--images", clip, "--tflite-library", missing.toString());
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of("no arguments", List.of()),
                Arguments.of("unknown command", List.of("paint")),
                Arguments.of(
                        "unknown option", List.of("landmarks", "--images", ".", "--out", "x.json", "--colour", "red")),
                Arguments.of("missing --images", List.of("landmarks", "--out", "x.json")),
                Arguments.of("option without its value", List.of("render", "--images", ".", "--out")),
                Arguments.of(
                        "--max-hands 9", List.of("landmarks", "--images", ".", "--out", "x.json", "--max-hands", "9")),
                Arguments.of(
                        "--max-hands abc",
                        List.of("landmarks", "--images", ".", "--out", "x.json", "--max-hands", "abc")),
                Arguments.of("--model medium", List.of("bench", "--images", ".", "--model", "medium")),
                Arguments.of("--mode stream", List.of("render", "--images", ".", "--out", "o", "--mode", "stream")),
                Arguments.of("a stray argument", List.of("landmarks", "--images", ".", "--out", "x.json", "extra")),
                Arguments.of(
                        "mask --model portrait", List.of("mask", "--images", ".", "--out", "o", "--model", "portrait")),
                Arguments.of(
                        "--background that is no file",
                        List.of("render", "--images", ".", "--out", "o", "--background", "no-such-picture.png")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void badArgumentsExitWith2AndPrintTheUsage(String what, List<String> args) throws Exception {
        Cli.Result result = Cli.run(args.toArray(String[]::new));
        System.out.println("[cli] " + what + " -> exit " + result.exitCode() + ": "
                + result.stderr()
                        .lines()
                        .findFirst()
                        .orElse(result.stdout().lines().findFirst().orElse("")));
        assertFalse(result.crashed(), result.describe());
        assertEquals(2, result.exitCode(), result.describe());
        assertTrue(result.output().contains("usage: magicshield-cli"), result.describe());
    }

    @Test
    void runTimeFailuresExitWith1NamingThePath() throws Exception {
        Path hands = TestData.handsDir();
        Path missing = temp.resolve("no-such-folder");
        Path notAnImage = Files.createDirectories(temp.resolve("text"));
        Files.writeString(notAnImage.resolve("photo.jpg"), "this is text, not a JPEG\n", StandardCharsets.UTF_8);
        Path empty = Files.createDirectories(temp.resolve("empty"));
        Path photos = folderWith("photos", hands, List.of("open_palm_04.jpg"));
        Path noModels = temp.resolve("no-models");
        Path unwritable = temp.resolve("no-such-folder").resolve("out.json");
        Path json = temp.resolve("out.json");

        expectFailure(missing.toString(), "landmarks", "--images", missing.toString(), "--out", json.toString());
        expectFailure(
                notAnImage.resolve("photo.jpg").toString(),
                "landmarks",
                "--images",
                notAnImage.toString(),
                "--out",
                json.toString());
        expectFailure(
                notAnImage.resolve("photo.jpg").toString(),
                "render",
                "--images",
                notAnImage.toString(),
                "--out",
                temp.resolve("r").toString());
        expectFailure(empty.toString(), "bench", "--images", empty.toString());
        expectFailure(
                noModels.toString(),
                "landmarks",
                "--images",
                photos.toString(),
                "--out",
                json.toString(),
                "--models",
                noModels.toString());
        expectFailure(noModels.toString(), "bench", "--images", photos.toString(), "--models", noModels.toString());
        expectFailure(
                noModels.toString(),
                "mask",
                "--images",
                photos.toString(),
                "--out",
                temp.resolve("m").toString(),
                "--models",
                noModels.toString());
        expectFailure(
                unwritable.toString(), "landmarks", "--images", photos.toString(), "--out", unwritable.toString());
    }

    private static void expectFailure(String named, String... args) throws Exception {
        Cli.Result result = Cli.run(args);
        System.out.println("[cli] " + args[0] + " -> exit " + result.exitCode() + ": "
                + result.stderr().strip());
        assertFalse(result.crashed(), result.describe());
        assertEquals(1, result.exitCode(), result.describe());
        assertTrue(result.stderr().contains(named), "the message does not name " + named + "\n" + result.describe());
    }
}
