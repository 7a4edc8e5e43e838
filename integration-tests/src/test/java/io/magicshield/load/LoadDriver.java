package io.magicshield.load;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.magicshield.it.TestData;
import io.magicshield.it.rtc.FrameSender.Shot;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

/**
 * The load driver (issue 5): N concurrent webrtc-java clients against a running Magic Shield on 127.0.0.1, each
 * streaming clip01 at 640x480 and 30 fps with a frame marker, ramping N up until a step no longer holds the frame
 * rate for every session; prints each step's figures and a table, and writes the table to {@code load.report}.
 * <pre>
 * mvn -pl integration-tests verify -Pload                      # against a server started with mvn -Pserve
 * mvn -pl integration-tests verify -Pload -Dload.serve=true    # starts (and stops) the server itself
 * </pre>
 * Settings: {@link LoadSettings}; the method and figures: docs/performance.md. Exits 0 once the ramp has run,
 * whatever capacity it found (a measurement, not a test), 1 if it could not run.
 */
public final class LoadDriver {

    private LoadDriver() {}

    public static void main(String[] args) {
        int status = 1;
        try {
            run(LoadSettings.fromSystemProperties());
            status = 0;
        } catch (RuntimeException | AssertionError e) {
            System.out.println("[load] the load driver could not run: " + e);
            e.printStackTrace(System.out);
        }
        // webrtc-java may leave native threads behind that keep the JVM alive
        System.exit(status);
    }

    private static void run(LoadSettings settings) {
        System.out.println("[load] " + settings.describe());
        List<Shot> shots = LoadClip.shots(TestData.clip01(), settings.width(), settings.height());
        System.out.printf(
                "[load] camera loop: %d frames of clip01, each for %d frame times, %.1f s%n",
                shots.size() / LoadClip.REPEATS, LoadClip.REPEATS, shots.size() / (double) settings.fps());
        try (LocalServer server = settings.serve() ? LocalServer.start(settings) : null) {
            if (!LocalServer.answers(settings.base())) {
                throw new IllegalStateException("no Magic Shield answers at " + settings.base() + " (start one with "
                        + "mvn -Pserve -DskipTests install, or add -Dload.serve=true)");
            }
            loadWebRtc();
            List<StepFigures> steps = new CapacityRamp(settings, shots).run();
            String table = CapacityTable.table(steps, settings);
            System.out.println();
            System.out.println(table);
            write(settings, table);
        }
    }

    /**
     * The first peer in a JVM extracts and loads webrtc-java's 23 MB library (about a second); a browser has its
     * WebRTC loaded already, so that second must not count in the first session's time to its first frame.
     */
    private static void loadWebRtc() {
        HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
        new PeerConnectionFactory(audio).dispose();
        audio.dispose();
    }

    private static void write(LoadSettings settings, String table) {
        try {
            Files.createDirectories(settings.report().toAbsolutePath().getParent());
            Files.writeString(
                    settings.report(), "Load run " + Instant.now() + ": " + settings.describe() + "\n\n" + table);
            System.out.println("[load] table written to " + settings.report().toAbsolutePath());
        } catch (IOException e) {
            System.out.println("[load] could not write " + settings.report() + ": " + e);
        }
    }
}
