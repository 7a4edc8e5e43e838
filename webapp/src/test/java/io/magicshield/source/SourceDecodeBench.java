package io.magicshield.source;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Decode cost of a file source (docs/sources.md): each shared clip opened and decoded to I420 by FFmpeg as a source
 * does, {@value #ROUNDS} times; prints the time to the first frame (open and first decode), the wall milliseconds per
 * frame (median and p90) and the process's CPU milliseconds per frame (FFmpeg's decoding threads included). Timings
 * are printed, never asserted.
 *
 * <pre>mvn -o -pl webapp test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.magicshield.source.SourceDecodeBench</pre>
 */
public final class SourceDecodeBench {

    private static final int ROUNDS = 10;
    private static final long CAP = 1920L * 1080;

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
            String size = "";
            for (int round = 0; round < ROUNDS; round++) {
                long start = System.nanoTime();
                try (SourceDecoder decoder = new SourceDecoder(policy.check("file:" + clip), Duration.ofSeconds(5))) {
                    decoder.open(CAP);
                    size = decoder.width() + "x" + decoder.height();
                    decoder.next(CAP);
                    firstFrameMs.add((System.nanoTime() - start) / 1e6);
                    long cpu = os.getProcessCpuTime();
                    int frames = 0;
                    while (true) {
                        long wall = System.nanoTime();
                        if (decoder.next(CAP) == null) {
                            break;
                        }
                        wallMs.add((System.nanoTime() - wall) / 1e6);
                        frames++;
                    }
                    cpuMs.add((os.getProcessCpuTime() - cpu) / 1e6 / Math.max(frames, 1));
                }
            }
            System.out.printf(
                    "%s %s: first frame %.1f ms (median of %d opens); per frame %.2f ms wall (p90 %.2f) over %d frames,"
                            + " %.2f ms process CPU (median of the rounds' means, the slowest %.2f)%n",
                    clip,
                    size,
                    percentile(firstFrameMs, 50),
                    ROUNDS,
                    percentile(wallMs, 50),
                    percentile(wallMs, 90),
                    wallMs.size(),
                    percentile(cpuMs, 50),
                    percentile(cpuMs, 100));
        }
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }
}
