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

    private static I420Frame render(I420Frame in, String background) {
        I420Frame out = I420Frame.allocate(in.width(), in.height());
        EffectOptions options = Sessions.REFERENCE.with(EffectOption.BACKGROUND, background);
        try (ShieldProcessor processor = Sessions.newStillProcessor(options)) {
            Sessions.still(processor, in, out);
        }
        return out;
    }
}
