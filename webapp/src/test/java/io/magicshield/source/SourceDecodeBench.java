package io.magicshield.source;

import com.sun.management.OperatingSystemMXBean;
import io.magicshield.rtc.FrameFeed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Decode cost of a file source (docs/sources.md): each shared clip opened and decoded to I420 by FFmpeg as a source
 * does, {@value #ROUNDS} times; prints the time to the first frame (open and first decode), the wall milliseconds per
 * frame (median and p90), the process's CPU milliseconds per frame (FFmpeg's decoding threads included) and the
 * one copy a source makes of each frame, into a buffer laid out as the frame worker's; then the
 * time to open the integration tests' RTSP camera and to its first frame. Timings are printed, never asserted.
 *
 * <pre>mvn -o -pl webapp test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.magicshield.source.SourceDecodeBench</pre>
 */
public final class SourceDecodeBench {

    private static final int ROUNDS = 10;
    private static final long CAP = 1920L * 1080;
    private static final int RTSP_PORT = 18554;

    private SourceDecodeBench() {}

    public static void main(String[] args) throws Exception {
        Path hands = Path.of(System.getProperty("magicshield.testdata", "../../shared/testdata/hands"));
        SourcePolicy policy = new SourcePolicy(List.of(), Set.of(), hands);
        // FFmpeg decodes on threads of its own: the process's CPU time is the decode's (nothing else runs here)
        OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
        for (String clip : List.of("clip01.mp4", "clip02.mp4")) {
            List<Double> firstFrameMs = new ArrayList<>();
            List<Double> wallMs = new ArrayList<>();
            List<Double> cpuMs = new ArrayList<>();
            List<Double> copyMs = new ArrayList<>();
            String size = "";
            for (int round = 0; round < ROUNDS; round++) {
                long start = System.nanoTime();
                try (SourceDecoder decoder = new SourceDecoder(policy.check("file:" + clip), Duration.ofSeconds(5))) {
                    decoder.open(CAP);
                    size = decoder.width() + "x" + decoder.height();
                    decoder.next(CAP);
                    firstFrameMs.add((System.nanoTime() - start) / 1e6);
                    FrameFeed.Planes into = planes(decoder.width(), decoder.height());
                    long cpu = os.getProcessCpuTime();
                    long copying = 0;
                    int frames = 0;
                    while (true) {
                        long wall = System.nanoTime();
                        DecodedFrame frame = decoder.next(CAP);
                        if (frame == null) {
                            break;
                        }
                        long decoded = System.nanoTime();
                        wallMs.add((decoded - wall) / 1e6);
                        frame.copyTo(into);
                        long copy = System.nanoTime() - decoded;
                        copyMs.add(copy / 1e6);
                        copying += copy;
                        frames++;
                    }
                    // the copy runs on this thread: its wall time is its CPU time
                    cpuMs.add((os.getProcessCpuTime() - cpu - copying) / 1e6 / Math.max(frames, 1));
                }
            }
            System.out.printf(
                    "%s %s: first frame %.1f ms (median of %d opens); per frame %.2f ms wall (p90 %.2f) over %d frames,"
                            + " %.2f ms process CPU (median of the rounds' means, the slowest %.2f); the copy into"
                            + " the frame worker's buffer %.2f ms (p90 %.2f)%n",
                    clip,
                    size,
                    percentile(firstFrameMs, 50),
                    ROUNDS,
                    percentile(wallMs, 50),
                    percentile(wallMs, 90),
                    wallMs.size(),
                    percentile(cpuMs, 50),
                    percentile(cpuMs, 100),
                    percentile(copyMs, 50),
                    percentile(copyMs, 90));
        }
        rtsp(hands);
    }

    /**
     * Opens the integration tests' RTSP camera (GStreamer's RTSP server serving clip01.mp4 on 127.0.0.2) {@value
     * #ROUNDS} times: the time to open it and to its first frame. Skipped, loudly, without Debian's python3-gi and
     * gir1.2-gst-rtsp-server-1.0.
     */
    private static void rtsp(Path hands) throws Exception {
        // from the repository's root (exec:java) or from the webapp module
        Path script = Path.of("integration-tests/src/test/resources/rtsp/rtsp-server.py");
        if (!Files.isRegularFile(script)) {
            script = Path.of("..").resolve(script);
        }
        Process server;
        try {
            server = new ProcessBuilder(
                            "/usr/bin/python3",
                            script.toString(),
                            "127.0.0.2",
                            Integer.toString(RTSP_PORT),
                            hands.resolve("clip01.mp4").toString(),
                            "30")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            System.out.println("!!! rtsp: SKIPPED, no /usr/bin/python3: " + e.getMessage());
            return;
        }
        try {
            String ready = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (!"ready".equals(ready)) {
                System.out.println("!!! rtsp: SKIPPED, the RTSP server did not start: " + ready);
                return;
            }
            SourcePolicy policy = new SourcePolicy(List.of(Cidr.parse("127.0.0.2/32")), Set.of(RTSP_PORT), null);
            List<Double> openMs = new ArrayList<>();
            List<Double> firstMs = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                long start = System.nanoTime();
                try (SourceDecoder decoder = new SourceDecoder(
                        policy.check("rtsp://127.0.0.2:" + RTSP_PORT + "/live"), Duration.ofSeconds(5))) {
                    decoder.open(CAP);
                    openMs.add((System.nanoTime() - start) / 1e6);
                    decoder.next(CAP);
                    firstMs.add((System.nanoTime() - start) / 1e6);
                } catch (SourceFailedException e) {
                    System.out.println("rtsp round " + round + ": " + e.getMessage());
                }
            }
            System.out.printf(
                    "rtsp clip01.mp4: open %.0f ms, first frame %.0f ms (medians of %d; the slowest open %.0f ms)%n",
                    percentile(openMs, 50), percentile(firstMs, 50), openMs.size(), percentile(openMs, 100));
        } finally {
            server.destroy();
        }
    }

    /** Planes laid out as WebRTC's own I420 buffer lays them out (rows as wide as the picture). */
    private static FrameFeed.Planes planes(int width, int height) {
        int chromaWidth = (width + 1) / 2;
        int chromaBytes = chromaWidth * ((height + 1) / 2);
        return new FrameFeed.Planes(
                ByteBuffer.allocateDirect(width * height),
                width,
                ByteBuffer.allocateDirect(chromaBytes),
                chromaWidth,
                ByteBuffer.allocateDirect(chromaBytes),
                chromaWidth);
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }
}
