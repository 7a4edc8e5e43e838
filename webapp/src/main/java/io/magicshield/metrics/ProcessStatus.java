package io.magicshield.metrics;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the server process holds, for leak checks from outside: resident memory and the operating system's count
 * of its threads (from {@code /proc/self/status} on Linux; WebRTC's native threads are not all Java threads, so
 * the JVM's own count alone would miss a leak of them), the JVM's live threads, and the process's CPU time.
 */
public final class ProcessStatus {

    private static final Path STATUS = Path.of("/proc/self/status");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);

    /** @return CPU time of the whole process in seconds (native threads included); empty where not available */
    public OptionalDouble cpuSeconds() {
        long nanos = os.getProcessCpuTime();
        return nanos < 0 ? OptionalDouble.empty() : OptionalDouble.of(nanos / 1e9);
    }

    /** @return resident set size in bytes; empty where /proc is not available */
    public OptionalLong residentBytes() {
        // "VmRSS:    123456 kB"
        OptionalLong kib = field("VmRSS:");
        return kib.isPresent() ? OptionalLong.of(kib.getAsLong() * 1024) : kib;
    }

    /** @return threads of the process as the operating system counts them; empty where /proc is not available */
    public OptionalLong osThreads() {
        return field("Threads:");
    }

    public int jvmThreads() {
        return threads.getThreadCount();
    }

    /** Memory the Java heap has taken from the system: resident memory minus this is mostly native. */
    public long heapCommittedBytes() {
        return memory.getHeapMemoryUsage().getCommitted();
    }

    private static OptionalLong field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    return OptionalLong.of(
                            Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a format we do not know: the metric is left out
        }
        return OptionalLong.empty();
    }
}
