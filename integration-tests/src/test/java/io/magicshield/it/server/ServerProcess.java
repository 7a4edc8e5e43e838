package io.magicshield.it.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The managed WildFly's process as Linux shows it under {@code /proc}: which native libraries it has mapped (a
 * second copy of a JNI library is a second load) and the names of all its threads, Java and native, for a report
 * of which threads a leak check found left over.
 */
public final class ServerProcess {

    private final long pid;

    private ServerProcess(long pid) {
        this.pid = pid;
    }

    /** The WildFly JVM that Arquillian started: the test JVM's descendant running jboss-modules. */
    public static ServerProcess find() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("jboss-modules.jar")).orElse(false))
                .findFirst().map(p -> new ServerProcess(p.pid()))
                .orElseThrow(() -> new IllegalStateException("no WildFly process among this JVM's descendants"));
    }

    public long pid() {
        return pid;
    }

    /** How long the process has run. */
    public Duration uptime() {
        return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant())
                .map(start -> Duration.between(start, Instant.now())).orElse(Duration.ZERO);
    }

    public boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The files of mapped libraries whose name contains {@code part} (each file once, however often mapped). */
    public Set<String> mappedLibraries(String part) {
        Set<String> files = new TreeSet<>();
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "maps"))) {
            lines.map(line -> line.split("\\s+", 6)).filter(f -> f.length == 6 && f[5].contains(part))
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
        Map<String, Integer> names = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    names.merge(Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "N"), 1,
                            Integer::sum);
                } catch (NoSuchFileException e) {
                    // the thread ended while we looked
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
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
