package io.magicshield.it;

import java.util.Collection;
import java.util.List;

/** Summaries of measured values for the figures tests print. */
public final class Figures {

    private Figures() {}

    public static double median(Collection<? extends Number> values) {
        return percentile(values, 0.5);
    }

    /** The largest value; NaN when there are none. */
    public static double max(Collection<? extends Number> values) {
        return percentile(values, 1.0);
    }

    /** The value below which the share {@code p} of the values lie (nearest rank); NaN when there are none. */
    public static double percentile(Collection<? extends Number> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) (p * sorted.size())));
    }
}
