package io.magicshield.metrics;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {

    private final ServerMetrics metrics = new ServerMetrics();

    ServerMetricsTest() {
        metrics.cpu = new CpuMonitor();
        metrics.sessionReasons(List.of("server_full", "cpu_busy"), List.of("stopped", "time_limit"));
    }

    private String scrape() {
        StringBuilder text = new StringBuilder();
        metrics.write(new PrometheusWriter(text));
        return text.toString();
    }

    @Test
    void everyDeclaredReasonIsWrittenFromTheStartAndCounts() {
        metrics.sessionEnded("time_limit");
        metrics.sessionEnded("time_limit");
        metrics.sessionRefused("cpu_busy");

        String text = scrape();
        assertTrue(text.contains("""
                magicshield_sessions_refused_total{reason="server_full"} 0
                magicshield_sessions_refused_total{reason="cpu_busy"} 1
                """), text);
        assertTrue(text.contains("""
                magicshield_sessions_ended_total{reason="stopped"} 0
                magicshield_sessions_ended_total{reason="time_limit"} 2
                """), text);
    }

    @Test
    void anUndeclaredReasonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> metrics.sessionEnded("crashed"));
        assertThrows(IllegalArgumentException.class, () -> metrics.sessionRefused("STOPPED"));
    }

    @Test
    void framesWithAShieldAreCountedApart() {
        metrics.frameProcessed(5_000_000, true);
        metrics.frameProcessed(5_000_000, false);

        String text = scrape();
        assertTrue(text.contains("magicshield_frames_processed_total 2\n"), text);
        assertTrue(text.contains("magicshield_frames_with_shield_total 1\n"), text);
    }
}
