package io.magicshield.it.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;

/**
 * The managed WildFly's process as Linux shows it under {@code /proc}: which native libraries it has mapped (a
 * second copy of a JNI library is a second load), the names of all its threads, Java and native, for a report
 * of which threads a leak check found left over, and the CPU time of each (where a load test's time went).
 */
public final class ServerProcess {

    private final long pid;

    private ServerProcess(long pid) {
        this.pid = pid;
    }

    /** The WildFly JVM that Arquillian started: the test JVM's descendant running jboss-modules. */
    public static ServerProcess find() {
        return ProcessHandle.current()
                .descendants()
                .filter(ServerProcess::isWildFly)
                .findFirst()
                .map(p -> new ServerProcess(p.pid()))
                .orElseThrow(() -> new IllegalStateException("no WildFly process among this JVM's descendants"));
    }

    /**
     * The one WildFly JVM on this machine, whoever started it (a server started in another shell); empty when there
     * is none, or more than one and so no telling which.
     */
    public static Optional<ServerProcess> findOnThisMachine() {
        List<ProcessHandle> servers =
                ProcessHandle.allProcesses().filter(ServerProcess::isWildFly).toList();
        return servers.size() == 1
                ? Optional.of(new ServerProcess(servers.get(0).pid()))
                : Optional.empty();
    }

    private static boolean isWildFly(ProcessHandle process) {
        return process.info()
                .commandLine()
                .map(c -> c.contains("jboss-modules.jar"))
                .orElse(false);
    }

    public long pid() {
        return pid;
    }

    /** How long the process has run. */
    public Duration uptime() {
        return ProcessHandle.of(pid)
                .flatMap(p -> p.info().startInstant())
                .map(start -> Duration.between(start, Instant.now()))
                .orElse(Duration.ZERO);
    }

    public boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The files of mapped libraries whose name contains {@code part} (each file once, however often mapped). */
    public Set<String> mappedLibraries(String part) {
        Set<String> files = new TreeSet<>();
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "maps"))) {
            lines.map(line -> line.split("\\s+", 6))
                    .filter(f -> f.length == 6 && f[5].contains(part))
                    .forEach(f -> files.add(f[5].trim()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * Thread names (as the kernel keeps them: 15 characters) counted, with digits folded to {@code N} so that pool
     * threads group: {@code default task-N=4}.
     */
    public Map<String, Integer> threadNames() {
        return byThreadName(
                task -> Map.entry(Files.readString(task.resolve("comm")).trim(), 1), Integer::sum);
    }

    /**
     * CPU time each group of threads has used so far (user and system, in clock ticks: 100 a second on Linux), by
     * name folded as in {@link #threadNames()}; threads that ended are not counted. Two readings give where the
     * process spent its time between them: WebRTC's codec threads, the frame workers, OpenCV's pool, the JVM.
     */
    public Map<String, Long> threadCpuTicks() {
        return byThreadName(
                task -> {
                    String stat = Files.readString(task.resolve("stat"));
                    // "tid (name) state ppid ...": the name may hold spaces and parentheses; fields 14 and 15 are utime
                    // and
                    // stime, the 12th and 13th after the name's closing parenthesis
                    int close = stat.lastIndexOf(')');
                    String[] fields = stat.substring(close + 2).split(" ");
                    return Map.entry(
                            stat.substring(stat.indexOf('(') + 1, close),
                            Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                },
                Long::sum);
    }

    /**
     * CPU time the whole process has used so far (user and system, in clock ticks: 100 a second on Linux), threads
     * that have ended included, unlike a sum of {@link #threadCpuTicks()}.
     */
    public long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one thread's {@code /proc/<pid>/task/<tid>} directory says: its name and a value. */
    @FunctionalInterface
    private interface ThreadReading<V> {
        Map.Entry<String, V> read(Path task) throws IOException;
    }

    /** Every thread's reading, summed by name with digits folded to {@code N}; threads ending meanwhile are skipped. */
    private <V> Map<String, V> byThreadName(ThreadReading<V> reading, BinaryOperator<V> sum) {
        Map<String, V> values = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    Map.Entry<String, V> one = reading.read(task);
                    values.merge(one.getKey().replaceAll("[0-9]+", "N"), one.getValue(), sum);
                } catch (NoSuchFileException e) {
                    // the thread ended while we looked
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    /** The thread names there are more of in {@code after} than in {@code before}, with how many more. */
    public static Map<String, Integer> grown(Map<String, Integer> before, Map<String, Integer> after) {
        Map<String, Integer> grown = new TreeMap<>();
        after.forEach((name, count) -> {
            int more = count - before.getOrDefault(name, 0);
            if (more > 0) {
                grown.put(name, more);
            }
        });
        return grown;
    }
}
