package io.magicshield.it.net;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * An {@link ImpairmentRelay} running in a JVM of its own inside a test host (a relay in the test JVM would sit in the
 * root namespace, off the path between the hosts). Closing it stops the relay and keeps its final counters.
 */
public final class ImpairmentRelayProcess implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(20);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);

    private final ChildProgram program;
    private ImpairmentRelay.Report finalReport;

    private ImpairmentRelayProcess(ChildProgram program) {
        this.program = program;
    }

    /**
     * Starts the relay and returns once it listens.
     *
     * @param host how to run a command in the test host, e.g. {@code network::inServer}
     */
    public static ImpairmentRelayProcess start(
            Function<List<String>, ProcessBuilder> host, ImpairmentRelay.Settings settings) {
        ChildProgram program =
                ChildProgram.start("relay", host.apply(JavaCommand.of(ImpairmentRelay.class, settings.arguments())));
        try {
            program.awaitLine("ready", START_LIMIT);
        } catch (RuntimeException e) {
            program.close();
            throw e;
        }
        return new ImpairmentRelayProcess(program);
    }

    /** Stops the relay (if it still runs) and returns its counters at the end. */
    public ImpairmentRelay.Report stop() {
        if (finalReport == null) {
            List<String> output = program.stop(STOP_LIMIT);
            finalReport = output.stream()
                    .filter(l -> l.startsWith(ImpairmentRelay.Report.PREFIX))
                    .findFirst()
                    .map(ImpairmentRelay.Report::parse)
                    .orElseThrow(() -> new IllegalStateException("the relay printed no counters: " + output));
        }
        return finalReport;
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            program.close();
        }
    }
}
