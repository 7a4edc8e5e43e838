package io.magicshield.it.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A sound card for browsers on a machine without one: a PulseAudio server of the test's own (Debian's
 * {@code pulseaudio}) whose one output is a null sink, which takes sound at real-time pace and discards it. Without a
 * sound device, Firefox cannot open an audio stream and never starts its audio graph: every {@code AudioContext} stays
 * {@code suspended}, even after a click, and an AudioWorklet never runs (tried with Firefox ESR 153; its
 * {@code media.cubeb.force_null_context} and autoplay prefs did not change that). With this card, Firefox behaves as
 * on a user's machine: its contexts wait for a click on the page, then run. The server listens on a socket in the
 * test's directory only (no system or user instance is touched); a browser reaches it through {@link #environment}.
 */
public final class NullSoundCard implements AutoCloseable {

    public static final Path PULSEAUDIO = Path.of("/usr/bin/pulseaudio");
    private static final Duration START = Duration.ofSeconds(20);

    private final Process process;
    private final Path socket;

    private NullSoundCard(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts the server with its runtime files and log under {@code workDir}; returns once it accepts clients. */
    public static NullSoundCard start(Path workDir) throws IOException {
        if (!Files.isExecutable(PULSEAUDIO)) {
            throw new IllegalStateException(PULSEAUDIO + " is missing: apt-get install pulseaudio (integration-tests"
                    + " lists it in system.packages)");
        }
        Path runtime = workDir.resolve("pulse");
        Files.createDirectories(runtime);
        Path socket = runtime.resolve("native");
        Files.deleteIfExists(socket);
        ProcessBuilder builder = new ProcessBuilder(
                        PULSEAUDIO.toString(),
                        "-n", // no default.pa: only the two modules below
                        "--daemonize=no",
                        "--exit-idle-time=-1",
                        "--use-pid-file=no",
                        "--disallow-module-loading",
                        "-L",
                        "module-null-sink sink_name=null rate=48000",
                        "-L",
                        "module-native-protocol-unix auth-anonymous=1 socket=" + socket)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("pulseaudio.log").toFile());
        builder.environment().put("PULSE_RUNTIME_PATH", runtime.toString());
        builder.environment().put("HOME", runtime.toString()); // its cookie and state there, not in root's home
        Process process = builder.start();
        NullSoundCard card = new NullSoundCard(process, socket);
        long deadline = System.nanoTime() + START.toNanos();
        while (!Files.exists(socket)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                card.close();
                throw new IOException("PulseAudio did not start: see " + workDir.resolve("pulseaudio.log"));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                card.close();
                throw new IOException("interrupted while PulseAudio started", e);
            }
        }
        return card;
    }

    /** What a browser's process needs in its environment to play into this card. */
    public Map<String, String> environment() {
        return Map.of("PULSE_SERVER", "unix:" + socket);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
