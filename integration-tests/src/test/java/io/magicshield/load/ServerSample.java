package io.magicshield.load;

import io.magicshield.it.PrometheusScrape;
import java.net.URI;

/**
 * The server at one moment, from its {@code /metrics}: CPU time of its process (WebRTC's codec threads and the
 * effect included), resident memory and the load governor's level.
 */
record ServerSample(long nanos, double cpuSeconds, long residentBytes, int loadLevel) {

    static ServerSample now(URI base) {
        PrometheusScrape metrics = PrometheusScrape.now(base);
        return new ServerSample(
                System.nanoTime(),
                metrics.value("process_cpu_seconds_total"),
                (long) metrics.value("process_resident_memory_bytes"),
                (int) metrics.value("magicshield_load_level"));
    }

    /** The server's CPU from {@code earlier} to this sample, in percent of one core (200 is both of two cores). */
    double cpuPercentSince(ServerSample earlier) {
        return 100 * (cpuSeconds - earlier.cpuSeconds) / ((nanos - earlier.nanos) / 1e9);
    }
}
