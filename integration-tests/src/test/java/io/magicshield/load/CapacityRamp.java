package io.magicshield.load;

import io.magicshield.it.Await;
import io.magicshield.it.rtc.FrameSender.Shot;
import io.magicshield.it.server.ServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ramp: adds one session at a time (those already streaming go on, so a run starts N sessions in all, not
 * 1 + 2 + ... + N, which the server's per-address start limit would refuse), lets it settle, and measures every
 * session over one window. A step that misses the mark is measured once more (a shared machine has hiccups) and
 * ends the ramp if it misses again; so does a refused start or a session the server ended. A window that other
 * processes shared is measured again (see {@link #measureAlone}). Every wait is bounded: a run takes at most about
 * {@code maxSessions * (warm-up + 8 windows + 20 s)}.
 */
final class CapacityRamp {

    /** After a window, for the frames sent at its end to come back (a frame still missing then counts as lost). */
    private static final Duration TAIL = Duration.ofSeconds(1);

    private static final Duration POLL = Duration.ofSeconds(1);
    private static final int THREADS_SHOWN = 8;
    private static final int SHARED_WINDOW_RETRIES = 3;

    private final LoadSettings settings;
    private final List<Shot> shots;
    private final Optional<ServerProcess> serverProcess;

    CapacityRamp(LoadSettings settings, List<Shot> shots) {
        this.settings = settings;
        this.shots = shots;
        // only to see where the server's CPU goes; the figures themselves come from /metrics
        this.serverProcess = ServerProcess.findOnThisMachine();
    }

    List<StepFigures> run() {
        List<LoadSession> sessions = new ArrayList<>();
        List<StepFigures> steps = new ArrayList<>();
        System.out.println("[load] "
                + (serverProcess.isPresent()
                        ? "server process " + serverProcess.get().pid() + ": per-thread CPU is shown"
                        : "the server's process is not on this machine (or not alone): no " + "per-thread CPU"));
        try {
            for (int n = 1; n <= settings.maxSessions(); n++) {
                try {
                    sessions.add(LoadSession.start(n, settings, shots));
                } catch (AssertionError | RuntimeException e) {
                    steps.add(report(StepFigures.failed(n, "session " + n + " could not start: " + e.getMessage())));
                    break;
                }
                if (n < settings.firstStep()) {
                    continue;
                }
                Await.pause(settings.warmUp());
                StepFigures step = measureAlone(sessions);
                if (!step.held(settings) && step.problem() == null) {
                    System.out.println("[load] N=" + n + " missed the mark; measuring it once more");
                    step = measureAlone(sessions);
                }
                steps.add(step);
                if (!step.held(settings)) {
                    break;
                }
            }
        } finally {
            stopAll(sessions);
        }
        return steps;
    }

    /**
     * A window in which nothing but the server and the driver used the CPU: a window that another process shared
     * (a build, a benchmark) is measured again, up to {@value #SHARED_WINDOW_RETRIES} more times, and flagged if it
     * never was alone.
     */
    private StepFigures measureAlone(List<LoadSession> sessions) {
        StepFigures step = report(measure(sessions));
        for (int retry = 0; retry < SHARED_WINDOW_RETRIES && step.shared() && step.problem() == null; retry++) {
            System.out.println("[load] other processes shared the machine; measuring N=" + step.n() + " again");
            step = report(measure(sessions));
        }
        return step;
    }

    private StepFigures measure(List<LoadSession> sessions) {
        List<LoadSession.Mark> from = sessions.stream().map(LoadSession::mark).toList();
        ServerSample serverFrom = ServerSample.now(settings.base());
        CpuClocks cpuFrom = CpuClocks.now();
        Map<String, Long> threadsFrom =
                serverProcess.map(ServerProcess::threadCpuTicks).orElse(Map.of());
        int levelMax = serverFrom.loadLevel();
        long end = System.nanoTime() + settings.window().toNanos();
        while (System.nanoTime() < end) {
            Await.pause(Duration.ofNanos(Math.min(POLL.toNanos(), Math.max(0, end - System.nanoTime()))));
            levelMax = Math.max(levelMax, ServerSample.now(settings.base()).loadLevel());
        }
        List<LoadSession.Mark> to = sessions.stream().map(LoadSession::mark).toList();
        ServerSample serverTo = ServerSample.now(settings.base());
        CpuClocks cpuTo = CpuClocks.now();
        Map<String, Long> threadsTo =
                serverProcess.map(ServerProcess::threadCpuTicks).orElse(Map.of());
        Await.pause(TAIL);

        List<SessionFigures> figures = new ArrayList<>();
        String problem = null;
        for (int i = 0; i < sessions.size(); i++) {
            LoadSession session = sessions.get(i);
            figures.add(session.figures(from.get(i), to.get(i)));
            if (!session.live() && problem == null) {
                problem = "the server ended session " + session.number() + ": " + session.lastWord();
            }
        }
        double seconds = (cpuTo.nanos() - cpuFrom.nanos()) / 1e9;
        return new StepFigures(
                sessions.size(),
                figures,
                serverTo.cpuPercentSince(serverFrom),
                cpuTo.driverPercentSince(cpuFrom),
                cpuTo.machinePercentSince(cpuFrom),
                serverTo.residentBytes() >> 20,
                Math.max(levelMax, serverTo.loadLevel()),
                busiest(threadsFrom, threadsTo, seconds),
                problem);
    }

    /** Percent of one core per thread group between two readings, the busiest first. */
    private static Map<String, Double> busiest(Map<String, Long> from, Map<String, Long> to, double seconds) {
        Map<String, Double> percent = new LinkedHashMap<>();
        to.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - from.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(THREADS_SHOWN)
                .forEach(e -> percent.put(e.getKey(), e.getValue() / seconds)); // 100 ticks a second = 100%
        return percent;
    }

    private StepFigures report(StepFigures step) {
        System.out.println(CapacityTable.describe(step, settings));
        return step;
    }

    /** Stops every session the way a page does; one that fails to stop cleanly is closed anyway. */
    private static void stopAll(List<LoadSession> sessions) {
        for (LoadSession session : sessions) {
            try {
                session.stop();
            } catch (AssertionError | RuntimeException e) {
                System.out.println("[load] session " + session.number() + " did not stop cleanly: " + e.getMessage());
            } finally {
                session.close();
            }
        }
    }
}
