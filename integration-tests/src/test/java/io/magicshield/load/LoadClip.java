package io.magicshield.load;

import io.magicshield.it.rtc.FrameSender.Shot;
import io.magicshield.it.video.ClipFrames;
import io.magicshield.it.video.FrameMarker;
import io.magicshield.it.video.I420Image;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The camera every load session plays: clip01 (real hands: none, one coming in, an open palm with the shield, ...)
 * cropped and scaled to the session's size and looped. The clip was filmed at 7.5 fps: each of its frames leads
 * {@value #REPEATS} frame times at 30 fps, blended step by step into the next, so the clip plays at its own speed,
 * tracking sees real motion and, as from a real camera, every frame differs from the one before. (Repeating each
 * frame instead made the encoder send one large frame and three tiny ones; WebRTC's jitter buffer on the server
 * then held every frame 47 ms rather than 14.) Every frame time carries its own marker number (0..255,
 * wrapping), so that each frame that comes back tells which send it was made from. The clip's loop is 404 frame times, so a number comes round again after 148 frames at the least
 * (4.9 s at 30 fps): far more than any loop latency.
 * <p>
 * The frames are stamped once and shared by all sessions (about 190 MB at 640x480): a peer copies each into a native
 * buffer when it sends it.
 */
final class LoadClip {

    static final int REPEATS = 4;
    private static final int NUMBERS = 256;

    private LoadClip() {
    }

    static List<Shot> shots(Path clipDir, int width, int height) {
        List<ClipFrames.Frame> clip = ClipFrames.load(clipDir, width, height);
        List<Shot> shots = new ArrayList<>(clip.size() * REPEATS);
        for (int f = 0; f < clip.size(); f++) {
            I420Image from = clip.get(f).image();
            I420Image to = clip.get((f + 1) % clip.size()).image();
            for (int i = 0; i < REPEATS; i++) {
                int number = shots.size() % NUMBERS;
                shots.add(new Shot(number, FrameMarker.stamped(from.blend(to, i / (double) REPEATS), number)));
            }
        }
        return List.copyOf(shots);
    }
}
