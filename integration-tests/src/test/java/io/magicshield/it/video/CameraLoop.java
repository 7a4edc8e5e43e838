package io.magicshield.it.video;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * A fake camera's loop made from still pictures (a clip's frames) as a real camera would film them: each picture
 * leads some frame times, blended step by step into the next (the last into the first), so that every frame differs
 * from the one before (identical repeats make the encoder send one large frame and then tiny ones, and WebRTC's
 * jitter buffers wait longer for that). Every frame time carries its {@link FrameMarker} number, its position in the
 * loop modulo {@link #NUMBERS}, so a processed frame that comes back tells which camera frame it was made from.
 */
public final class CameraLoop {

    /** Distinct marker numbers: a loop longer than this reuses them. */
    public static final int NUMBERS = 1 << FrameMarker.BITS;

    private CameraLoop() {}

    /**
     * @param steps frame times picture {@code i} leads
     * @return the loop's frames, frame {@code k} stamped with {@link #number(int) number(k)}
     */
    public static List<I420Image> frames(List<I420Image> pictures, IntUnaryOperator steps) {
        List<I420Image> frames = new ArrayList<>();
        for (int i = 0; i < pictures.size(); i++) {
            I420Image from = pictures.get(i);
            I420Image to = pictures.get((i + 1) % pictures.size());
            int n = steps.applyAsInt(i);
            for (int step = 0; step < n; step++) {
                frames.add(FrameMarker.stamped(from.blend(to, step / (double) n), number(frames.size())));
            }
        }
        return frames;
    }

    /** The marker number of the loop's frame at {@code position}. */
    public static int number(int position) {
        return position % NUMBERS;
    }
}
