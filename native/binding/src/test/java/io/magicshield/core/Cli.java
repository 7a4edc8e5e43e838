package io.magicshield.core;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The magicshield-cli executable (system property magicshield.cli), run as a child process. */
final class Cli {
    private static final long TIMEOUT_SECONDS = 120;

    /** How a run ended: its exit code and what it printed. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }

        /** Exit codes from 128 up are a signal (a crash) as the shell reports it. */
        boolean crashed() {
            return exitCode >= 128 || exitCode < 0;
        }

        String describe() {
            return String.join(" ", command) + " -> exit " + exitCode + "\n--- stdout:\n" + stdout + "--- stderr:\n"
                    + stderr;
        }
    }

    private Cli() {}

    static Path executable() {
        String property = System.getProperty("magicshield.cli", "target/magicshield-cli");
        Path cli = Path.of(property);
        boolean present = Files.isExecutable(cli);
        if (!present) {
            System.err.println("*** SKIPPED: magicshield-cli not found at " + cli.toAbsolutePath()
                    + " (build it: mvn -pl native -am install -DskipTests) ***");
        }
        assumeTrue(present, "magicshield-cli not found at " + cli.toAbsolutePath());
        return cli;
    }

    static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(List.of(args));
        // Output goes to files, so a chatty run can never block on a full pipe.
        Path out = Files.createTempFile("magicshield-cli-", ".out");
        Path err = Files.createTempFile("magicshield-cli-", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(
                    command,
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
