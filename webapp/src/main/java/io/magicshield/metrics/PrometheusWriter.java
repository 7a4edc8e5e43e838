package io.magicshield.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): a HELP and TYPE line per family, then its samples;
 * label values and help text escaped as the format requires.
 */
public final class PrometheusWriter {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Appendable out;

    public PrometheusWriter(Appendable out) {
        this.out = out;
    }

    public PrometheusWriter counter(String name, String help, double value) {
        header(name, help, "counter");
        return sample(name, Map.of(), value);
    }

    /** A counter family with one label, one sample per label value. */
    public PrometheusWriter counter(String name, String help, String label, Map<String, ? extends Number> values) {
        header(name, help, "counter");
        values.forEach((labelValue, value) -> sample(name, Map.of(label, labelValue), value.doubleValue()));
        return this;
    }

    public PrometheusWriter gauge(String name, String help, double value) {
        header(name, help, "gauge");
        return sample(name, Map.of(), value);
    }

    public PrometheusWriter histogram(String name, String help, Histogram.Snapshot snapshot) {
        header(name, help, "histogram");
        double[] bounds = snapshot.bounds();
        for (int i = 0; i < bounds.length; i++) {
            sample(name + "_bucket", Map.of("le", number(bounds[i])), snapshot.cumulativeCounts()[i]);
        }
        sample(name + "_bucket", Map.of("le", "+Inf"), snapshot.count());
        sample(name + "_sum", Map.of(), snapshot.sum());
        return sample(name + "_count", Map.of(), snapshot.count());
    }

    private void header(String name, String help, String type) {
        write("# HELP " + name + " " + help.replace("\\", "\\\\").replace("\n", "\\n") + "\n");
        write("# TYPE " + name + " " + type + "\n");
    }

    private PrometheusWriter sample(String name, Map<String, String> labels, double value) {
        StringBuilder line = new StringBuilder(name);
        if (!labels.isEmpty()) {
            line.append('{');
            labels.forEach((key, labelValue) -> line.append(line.charAt(line.length() - 1) == '{' ? "" : ",")
                    .append(key)
                    .append("=\"")
                    .append(escapeLabel(labelValue))
                    .append('"'));
            line.append('}');
        }
        write(line.append(' ').append(number(value)).append('\n').toString());
        return this;
    }

    static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private void write(String text) {
        try {
            out.append(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
