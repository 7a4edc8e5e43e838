package io.magicshield.load;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the driver's own process (its peers encode and decode VP8 on the same cores as the server) and of the
 * whole machine ({@code /proc/stat}), so that a step can say how the cores were shared. All in percent of one core.
 *
 * @param driverNanos  the driver process's CPU time, all threads
 * @param machineTicks busy clock ticks of all cores (everything but idle and I/O wait)
 */
record CpuClocks(long nanos, long driverNanos, long machineTicks) {

    /** Linux counts /proc/stat in USER_HZ, 100 a second on every architecture that matters here. */
    private static final double TICKS_PER_SECOND = 100;

    private static final OperatingSystemMXBean OS = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);

    static CpuClocks now() {
        return new CpuClocks(System.nanoTime(), OS.getProcessCpuTime(), machineBusyTicks());
    }

    double driverPercentSince(CpuClocks earlier) {
        return 100 * (driverNanos - earlier.driverNanos) / (double) (nanos - earlier.nanos);
    }

    double machinePercentSince(CpuClocks earlier) {
        return 100 * (machineTicks - earlier.machineTicks) / TICKS_PER_SECOND / ((nanos - earlier.nanos) / 1e9);
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** "cpu  user nice system idle iowait irq softirq steal ...": all but idle and iowait are busy. */
    private static long machineBusyTicks() {
        try {
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/stat", e);
        }
    }
}
