package io.magicshield.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusWriterTest {

    @Test
    void histogramHasCumulativeBucketsInfSumAndCount() {
        Histogram histogram = new Histogram(0.005, 0.01, 0.05);
        for (double value : new double[] {0.002, 0.005, 0.007, 0.03, 0.2}) {
            histogram.observe(value);
        }
        StringBuilder text = new StringBuilder();
        new PrometheusWriter(text).histogram("x_seconds", "Time per x.", histogram.snapshot());
        assertEquals("""
                # HELP x_seconds Time per x.
                # TYPE x_seconds histogram
                x_seconds_bucket{le="0.005"} 2
                x_seconds_bucket{le="0.01"} 3
                x_seconds_bucket{le="0.05"} 4
                x_seconds_bucket{le="+Inf"} 5
                x_seconds_sum 0.244
                x_seconds_count 5
                """, text.toString());
    }

    @Test
    void countersGaugesAndLabels() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        byReason.put("server_full", 3L);
        byReason.put("say \"hi\"\\\n", 1L);
        StringBuilder text = new StringBuilder();
        new PrometheusWriter(text)
                .counter("a_total", "Things\nthat happened \\ here.", 42)
                .counter("b_total", "By reason.", "reason", byReason)
                .gauge("c", "A level.", 0.25);
        assertEquals("""
                # HELP a_total Things\\nthat happened \\\\ here.
                # TYPE a_total counter
                a_total 42
                # HELP b_total By reason.
                # TYPE b_total counter
                b_total{reason="server_full"} 3
                b_total{reason="say \\"hi\\"\\\\\\n"} 1
                # HELP c A level.
                # TYPE c gauge
                c 0.25
                """, text.toString());
    }

    @Test
    void numbers() {
        assertEquals("3", PrometheusWriter.number(3.0));
        assertEquals("0.001", PrometheusWriter.number(0.001));
        assertEquals("+Inf", PrometheusWriter.number(Double.POSITIVE_INFINITY));
        assertEquals("NaN", PrometheusWriter.number(Double.NaN));
    }

    @Test
    void boundsMustAscend() {
        assertThrows(IllegalArgumentException.class, () -> new Histogram(0.1, 0.1));
    }
}
