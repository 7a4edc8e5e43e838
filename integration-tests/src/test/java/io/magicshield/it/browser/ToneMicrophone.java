package io.magicshield.it.browser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A fake microphone for Chromium ({@code --use-file-for-fake-audio-capture}, which loops the file): a sine tone of
 * one frequency at half of full scale, 48 kHz mono 16-bit PCM, written as a WAV file. A whole number of periods fits
 * the file, so the loop has no click.
 */
public final class ToneMicrophone {

    public static final int SAMPLE_RATE = 48_000;
    private static final int SECONDS = 5;
    private static final double AMPLITUDE = 0.5;

    private ToneMicrophone() {}

    /** The tone's file under {@code workDir}, written on the first call. */
    public static Path file(Path workDir, int hz) throws IOException {
        Path wav = workDir.resolve("tone-" + hz + "hz.wav");
        if (!Files.isRegularFile(wav)) {
            Files.createDirectories(workDir);
            int samples = SAMPLE_RATE * SECONDS;
            ByteBuffer out = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
            out.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .putInt(36 + 2 * samples)
                    .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .putInt(16)
                    .putShort((short) 1) // PCM
                    .putShort((short) 1) // mono
                    .putInt(SAMPLE_RATE)
                    .putInt(2 * SAMPLE_RATE)
                    .putShort((short) 2)
                    .putShort((short) 16)
                    .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .putInt(2 * samples);
            for (int i = 0; i < samples; i++) {
                double value = AMPLITUDE * Math.sin(2 * Math.PI * hz * i / SAMPLE_RATE);
                out.putShort((short) Math.round(value * Short.MAX_VALUE));
            }
            Files.write(wav, out.array());
        }
        return wav;
    }

    /** Chromium's switches for this microphone (and sound that plays without a click on the page). */
    public static List<String> switches(Path wav) {
        return List.of(
                "--use-file-for-fake-audio-capture=" + wav.toAbsolutePath(),
                "--autoplay-policy=no-user-gesture-required");
    }
}
