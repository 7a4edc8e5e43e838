package io.magicshield.load;

import io.magicshield.it.Figures;
import java.util.List;
import java.util.Map;

/**
 * One step of the ramp: N sessions streaming at once over one window, each session's figures and the server's.
 * CPU figures are percent of one core: on two cores the machine has 200.
 *
 * @param sessions      each session's figures (empty when the step never ran, see {@code problem})
 * @param serverCpu     the server process
 * @param driverCpu     this driver's process: its peers' VP8 encoders and decoders, on the same cores
 * @param machineCpu    all processes
 * @param residentMiB   the server's resident memory at the end
 * @param levelMax      the highest load level the server showed during the window (0 = the full effect)
 * @param serverThreads where the server's CPU went: percent of one core by thread name (digits folded to N),
 *                      the busiest first; empty when the server's process was not found on this machine
 * @param problem       why the step did not run or ended early (a refused start, a session the server ended)
 */
record StepFigures(
        int n,
        List<SessionFigures> sessions,
        double serverCpu,
        double driverCpu,
        double machineCpu,
        long residentMiB,
        int levelMax,
        Map<String, Double> serverThreads,
        String problem) {

    static StepFigures failed(int n, String problem) {
        return new StepFigures(n, List.of(), Double.NaN, Double.NaN, Double.NaN, 0, 0, Map.of(), problem);
    }

    boolean held(LoadSettings settings) {
        return problem == null
                && sessions.size() == n
                && sessions.stream().allMatch(s -> s.held(settings.minFps(), settings.maxLoss()));
    }

    /** Percent of one core that other processes may use before a window counts as shared. */
    static final double SHARED_CPU = 10;

    /** Everything else on the machine: another build or benchmark running beside the load spoils its figures. */
    double otherCpu() {
        return machineCpu - serverCpu - driverCpu;
    }

    /** Whether other processes took a noticeable share of the CPU during the window. */
    boolean shared() {
        return otherCpu() > SHARED_CPU;
    }

    /** The median session's wait in its jitter buffer: the client's largest share of the loop. */
    double clientJitterBufferMs() {
        return Figures.median(
                sessions.stream().map(s -> s.clientLoop().jitterBufferMs()).toList());
    }

    double minFps() {
        return sessions.stream().mapToDouble(SessionFigures::fps).min().orElse(Double.NaN);
    }

    double maxLossPercent() {
        return 100
                * sessions.stream().mapToDouble(SessionFigures::lossRatio).max().orElse(Double.NaN);
    }

    long downscaled() {
        return sessions.stream().mapToLong(SessionFigures::downscaled).sum();
    }

    long serverDrops() {
        return sessions.stream().mapToLong(SessionFigures::serverDrops).sum();
    }

    /** The median of the sessions' medians. */
    double loopP50() {
        return Figures.median(sessions.stream().map(SessionFigures::loopP50Ms).toList());
    }

    /** The worst session's 99th percentile. */
    double loopP99() {
        return sessions.stream().mapToDouble(SessionFigures::loopP99Ms).max().orElse(Double.NaN);
    }

    double serverP50() {
        return Figures.median(sessions.stream().map(SessionFigures::serverP50Ms).toList());
    }

    double rttP50() {
        return Figures.median(sessions.stream().map(SessionFigures::rttP50Ms).toList());
    }

    /** The newest session's time to its first frame: it started while the others were streaming. */
    double newestFirstFrameMs() {
        return sessions.isEmpty()
                ? Double.NaN
                : sessions.get(sessions.size() - 1).firstFrameMs();
    }
}
