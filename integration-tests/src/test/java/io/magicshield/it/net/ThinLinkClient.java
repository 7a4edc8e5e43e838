package io.magicshield.it.net;

import io.magicshield.it.rtc.FrameSender.Shot;
import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.signaling.ClientMessages;
import io.magicshield.it.video.ClipFrames;
import io.magicshield.it.video.PalmCamera;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Java WebRTC client (webrtc-java, as a camera that is not a browser would use it) on a test host: a {@code main}
 * that a test runs inside the client host, since {@code ip netns exec} runs processes, not threads. It streams clip01
 * (640x480, 30 fps) to the server for a while and prints one line {@code client <figures>}: the processed frames
 * that came back in the second half of the run and the sizes they came in, with how many of each.
 * Arguments: the signaling URI, the clip folder, the seconds to stream.
 */
public final class ThinLinkClient {

    static final String PREFIX = "client ";

    private ThinLinkClient() {}

    public static void main(String[] args) throws Exception {
        URI signaling = URI.create(args[0]);
        List<Shot> shots = ClipFrames.load(Path.of(args[1]), PalmCamera.WIDTH, PalmCamera.HEIGHT).stream()
                .map(frame -> new Shot(frame.number(), frame.image()))
                .toList();
        long millis = Long.parseLong(args[2]) * 1000;
        Map<String, Integer> sizes = new TreeMap<>();
        long[] late = new long[1];
        long half = System.nanoTime() + millis * 500_000;
        try (StreamingClient client = StreamingClient.start(
                signaling,
                ClientMessages.start(),
                shots,
                PalmCamera.FPS,
                frame -> {
                    if (System.nanoTime() > half) {
                        synchronized (sizes) {
                            sizes.merge(frame.buffer.getWidth() + "x" + frame.buffer.getHeight(), 1, Integer::sum);
                            late[0]++;
                        }
                    }
                    frame.release();
                },
                (shot, nanos) -> {})) {
            Thread.sleep(millis);
            synchronized (sizes) {
                System.out.println(
                        PREFIX + "seconds=" + millis / 1000 + " back-in-second-half=" + late[0] + " sizes=" + sizes);
            }
        }
    }
}
