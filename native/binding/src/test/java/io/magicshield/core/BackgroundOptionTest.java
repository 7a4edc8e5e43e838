package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * The background option from the Java API to the picture: NativeCore loads the segmentation models and the scene,
 * the table's choice reaches the core, and the room changes where MediaPipe's own mask finds no person while the
 * person stays as they were.
 */
class BackgroundOptionTest {

    @Test
    void eachChoiceReplacesTheRoomAndKeepsThePerson() {
        Path hands = TestData.handsDir();
        I420Frame in = TestData.readI420(hands.resolve("no_hand_01.jpg"));
        Mat reference = opencv_imgcodecs.imread(
                hands.resolve("mediapipe_reference/selfie/stills_general/no_hand_01.png")
                        .toString(),
                opencv_imgcodecs.IMREAD_GRAYSCALE);
        assertEquals(in.width(), reference.cols());
        byte[] mask = new byte[in.width() * in.height()]; // imread gives a continuous Mat: rows of width bytes
        reference.data().capacity(mask.length).get(mask);
        I420Frame plain = render(in, "off");
        for (String choice : new String[] {"blur", "scene"}) {
            I420Frame out = render(in, choice);
            long room = 0, roomChanged = 0, person = 0, personKept = 0;
            for (int y = 0; y < in.height(); y++) {
                for (int x = 0; x < in.width(); x++) {
                    int mp = mask[y * in.width() + x] & 0xff;
                    int before = plain.y().get(y * plain.strideY() + x) & 0xff;
                    int after = out.y().get(y * out.strideY() + x) & 0xff;
                    if (mp == 0) {
                        room++;
                        roomChanged += Math.abs(after - before) > 2 ? 1 : 0;
                    } else if (mp == 255) {
                        person++;
                        personKept += Math.abs(after - before) <= 2 ? 1 : 0;
                    }
                }
            }
            System.out.printf(
                    "[background %s] room pixels changed %d/%d, person pixels kept %d/%d%n",
                    choice, roomChanged, room, personKept, person);
            assertTrue(room > 1000 && person > 1000, "the photo shows a person and a room");
            assertTrue(roomChanged > 0.5 * room, choice + ": the room barely changed");
            assertTrue(personKept > 0.9 * person, choice + ": the person changed");
        }
        reference.close();
    }

    /**
     * The {@code image} choice shows each processor's own picture: two sessions with two pictures, each room pixel
     * (MediaPipe's mask 0) shows its session's picture as the core converts it, the person stays; before a picture is
     * set, {@code image} leaves the frame as it is.
     */
    @Test
    void imageShowsEachSessionsOwnPictureBehindThePerson() {
        Path hands = TestData.handsDir();
        I420Frame in = TestData.readI420(hands.resolve("no_hand_01.jpg"));
        byte[] mask = referenceMask(hands, "no_hand_01", in);
        int w = in.width(), h = in.height();
        BackgroundPicture[] pictures = {gradient(w, h, false), gradient(w, h, true)};
        EffectOptions options = Sessions.REFERENCE.with(EffectOption.BACKGROUND, "image");
        I420Frame plain = render(in, "off");
        try (ShieldProcessor first = Sessions.newStillProcessor(options);
                ShieldProcessor second = Sessions.newStillProcessor(options)) {
            I420Frame before = I420Frame.allocate(w, h);
            Sessions.still(first, in, before);
            assertEquals(0, differing(before, plain, mask, 0, 2), "image without a picture changed the room");
            first.setBackgroundPicture(pictures[0]);
            second.setBackgroundPicture(pictures[1]);
            ShieldProcessor[] processors = {first, second};
            for (int s = 0; s < 2; s++) {
                I420Frame out = I420Frame.allocate(w, h);
                Sessions.still(processors[s], in, out);
                I420Frame expected = TestData.toI420(pictures[s].bgr(), w, h);
                long room = count(mask, 0), person = count(mask, 255);
                long roomOff = differing(out, expected, mask, 0, 3);
                long personChanged = differing(out, plain, mask, 255, 2);
                System.out.printf(
                        "[background image, session %d] room pixels off the picture %d/%d, person pixels changed %d/%d%n",
                        s, roomOff, room, personChanged, person);
                assertTrue(room > 1000 && person > 1000, "the photo shows a person and a room");
                assertTrue(roomOff < 0.05 * room, "session " + s + ": the room does not show its picture");
                assertTrue(personChanged < 0.1 * person, "session " + s + ": the person changed");
            }
        }
    }

    /** A smooth picture of the frame's size (so shown unscaled); {@code turned} runs its colours the other way. */
    private static BackgroundPicture gradient(int w, int h, boolean turned) {
        byte[] bgr = new byte[3 * w * h];
        for (int y = 0, i = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = 255 * x / w, b = 255 * y / h;
                bgr[i++] = (byte) (turned ? b : a);
                bgr[i++] = (byte) (turned ? a : b);
                bgr[i++] = (byte) (turned ? 40 : 220);
            }
        }
        return new BackgroundPicture(w, h, bgr);
    }

    private static byte[] referenceMask(Path hands, String photo, I420Frame in) {
        Mat reference = opencv_imgcodecs.imread(
                hands.resolve("mediapipe_reference/selfie/stills_general/" + photo + ".png")
                        .toString(),
                opencv_imgcodecs.IMREAD_GRAYSCALE);
        try {
            assertEquals(in.width(), reference.cols());
            byte[] mask = new byte[in.width() * in.height()];
            reference.data().capacity(mask.length).get(mask);
            return mask;
        } finally {
            reference.close();
        }
    }

    private static long count(byte[] mask, int value) {
        long n = 0;
        for (byte m : mask) {
            n += (m & 0xff) == value ? 1 : 0;
        }
        return n;
    }

    /** Luma pixels where the mask is {@code value} and {@code a} and {@code b} differ by more than {@code tolerance}. */
    private static long differing(I420Frame a, I420Frame b, byte[] mask, int value, int tolerance) {
        long n = 0;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                if ((mask[y * a.width() + x] & 0xff) == value) {
                    int pa = a.y().get(y * a.strideY() + x) & 0xff;
                    int pb = b.y().get(y * b.strideY() + x) & 0xff;
                    n += Math.abs(pa - pb) > tolerance ? 1 : 0;
                }
            }
        }
        return n;
    }

    private static I420Frame render(I420Frame in, String background) {
        I420Frame out = I420Frame.allocate(in.width(), in.height());
        EffectOptions options = Sessions.REFERENCE.with(EffectOption.BACKGROUND, background);
        try (ShieldProcessor processor = Sessions.newStillProcessor(options)) {
            Sessions.still(processor, in, out);
        }
        return out;
    }
}
