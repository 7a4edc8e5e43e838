package io.magicshield.it.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short system command ({@code ip}, {@code tc}) and returns its output. A non-zero exit or a command that
 * hangs throws with the command and its stderr: a network half made must fail the test where it went wrong, not
 * later as an unexplained timeout.
 */
final class CheckedCommand {

    private static final long LIMIT_SECONDS = 30;

    private CheckedCommand() {}

    static String run(String... command) {
        return run(List.of(command));
    }

    static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            // read both streams while it runs, so a chatty command cannot block on a full pipe
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process, false));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process, true));
            if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": no exit within " + LIMIT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                        + stderr.join().strip());
            }
            return stdout.join();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String readAll(Process process, boolean errors) {
        try {
            return new String(
                    (errors ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
