package io.magicshield.load;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The ramp's results as text: one block per measured step, and the summary table (Markdown) at the end. */
final class CapacityTable {

    private CapacityTable() {}

    static String describe(StepFigures step, LoadSettings settings) {
        if (step.sessions().isEmpty()) {
            return "[load] N=" + step.n() + ": " + step.problem();
        }
        StringBuilder text = new StringBuilder(String.format(
                Locale.ROOT,
                "[load] N=%d: %s; CPU %% of one core: server %.0f, driver %.0f, others %.0f (machine %.0f of %d); "
                        + "server RSS %d MiB, load level up to %d%n",
                step.n(),
                step.held(settings) ? "HELD" : "missed",
                step.serverCpu(),
                step.driverCpu(),
                step.otherCpu(),
                step.machineCpu(),
                100 * CpuClocks.cores(),
                step.residentMiB(),
                step.levelMax()));
        if (step.shared()) {
            text.append(String.format(
                    Locale.ROOT,
                    "[load]   WARNING: other processes took %.0f%% of a core: this "
                            + "step measured a shared machine%n",
                    step.otherCpu()));
        }
        step.sessions()
                .forEach(s -> text.append("[load]   ").append(s.describe()).append('\n'));
        if (!step.serverThreads().isEmpty()) {
            text.append("[load]   server threads, % of one core: ")
                    .append(step.serverThreads().entrySet().stream()
                            .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
                            .collect(Collectors.joining(", ")))
                    .append('\n');
        }
        if (step.problem() != null) {
            text.append("[load]   ").append(step.problem()).append('\n');
        }
        return text.toString().stripTrailing();
    }

    static String table(List<StepFigures> steps, LoadSettings settings) {
        StringBuilder text = new StringBuilder();
        text.append("| N | fps back (min) | lost (max) | downscaled | server drops | loop p50 / p99 (ms) "
                + "| client jitter buffer (ms) | server processing p50 (ms) | RTT p50 (ms) "
                + "| newest session's first frame (ms) | CPU server / driver / others (% of a core) "
                + "| server RSS (MiB) | load level (max) | held |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (StepFigures step : steps) {
            if (step.sessions().isEmpty()) {
                text.append(String.format(Locale.ROOT, "| %d | %s ||||||||||||no |%n", step.n(), step.problem()));
                continue;
            }
            text.append(String.format(
                    Locale.ROOT,
                    "| %d | %.1f | %.2f%% | %d | %d | %.0f / %.0f | %.0f | %.1f | %.1f | %.0f | %.0f / %.0f / %.0f | %d "
                            + "| %d | %s |%n",
                    step.n(),
                    step.minFps(),
                    step.maxLossPercent(),
                    step.downscaled(),
                    step.serverDrops(),
                    step.loopP50(),
                    step.loopP99(),
                    step.clientJitterBufferMs(),
                    step.serverP50(),
                    step.rttP50(),
                    step.newestFirstFrameMs(),
                    step.serverCpu(),
                    step.driverCpu(),
                    step.otherCpu(),
                    step.residentMiB(),
                    step.levelMax(),
                    (step.held(settings) ? "yes" : "no") + (step.shared() ? " (machine shared)" : "")));
        }
        int largest = steps.stream()
                .filter(s -> s.held(settings))
                .mapToInt(StepFigures::n)
                .max()
                .orElse(0);
        text.append(String.format(
                Locale.ROOT,
                "%nLargest N held (>= %.0f fps back, < %.1f%% lost, full size, every " + "session): %d%s%n",
                settings.minFps(),
                settings.maxLoss() * 100,
                largest,
                largest == settings.maxSessions() ? " (the ramp's upper bound: -Dload.sessions=N goes further)" : ""));
        return text.toString();
    }
}
