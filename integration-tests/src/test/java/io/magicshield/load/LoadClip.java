package io.magicshield.load;

import io.magicshield.it.rtc.FrameSender.Shot;
import io.magicshield.it.video.CameraLoop;
import io.magicshield.it.video.ClipFrames;
import io.magicshield.it.video.I420Image;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The camera every load session plays: clip01 (real hands: none, one coming in, an open palm with the shield, ...)
 * cropped and scaled to the session's size and looped as a {@link CameraLoop}. The clip was filmed at 7.5 fps: each
 * of its frames leads {@value #REPEATS} frame times at 30 fps, so the clip plays at its own speed and tracking sees
 * real motion. (Repeating each frame instead of blending made WebRTC's jitter buffer on the server hold every frame
 * 47 ms rather than 14.) The loop is 404 frame times, so a marker number comes round again after 148 frames at the
 * least (4.9 s at 30 fps): far more than any loop latency.
 * <p>
 * The frames are stamped once and shared by all sessions (about 190 MB at 640x480): a peer copies each into a native
 * buffer when it sends it.
 */
final class LoadClip {

    static final int REPEATS = 4;

    private LoadClip() {}

    static List<Shot> shots(Path clipDir, int width, int height) {
        List<I420Image> pictures = ClipFrames.load(clipDir, width, height).stream()
                .map(ClipFrames.Frame::image)
                .toList();
        List<I420Image> frames = CameraLoop.frames(pictures, i -> REPEATS);
        List<Shot> shots = new ArrayList<>(frames.size());
        for (int k = 0; k < frames.size(); k++) {
            shots.add(new Shot(CameraLoop.number(k), frames.get(k)));
        }
        return List.copyOf(shots);
    }
}
