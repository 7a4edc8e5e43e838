package io.magicshield.it.video;

import io.magicshield.it.rtc.FrameSender.Shot;
import java.util.ArrayList;
import java.util.List;

/**
 * Camera frames that need no test data: a grey gradient with a bright bar sweeping across, so that every frame
 * differs and the encoder sends real pictures, for tests about sessions and resources rather than the effect.
 */
public final class TestPattern {

    private TestPattern() {}

    /** {@code count} frames; the bar crosses the picture once over them. */
    public static List<I420Image> frames(int width, int height, int count) {
        List<I420Image> frames = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            I420Image frame = I420Image.blank(width, height);
            int bar = n * width / count;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    boolean inBar = Math.abs(x - bar) < width / 20;
                    int luma = inBar ? 235 : 40 + 120 * (x + y) / (width + height);
                    frame.set(x, y, luma, 128 + (inBar ? 40 : 0), 128);
                }
            }
            frames.add(frame);
        }
        return frames;
    }

    /** The frames as numbered shots for a {@link io.magicshield.it.rtc.FrameSender}. */
    public static List<Shot> shots(int width, int height, int count) {
        List<I420Image> frames = frames(width, height, count);
        List<Shot> shots = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            shots.add(new Shot(n, frames.get(n)));
        }
        return shots;
    }
}
