package io.magicshield.core;

import java.util.Arrays;
import java.util.Collection;

/** Summary figures of a set of measurements, for printing and asserting. */
record Stats(int count, double mean, double median, double p90, double max) {

    static Stats of(Collection<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Stats(
                v.length,
                Arrays.stream(v).average().orElseThrow(),
                percentile(v, 0.5),
                percentile(v, 0.9),
                v[v.length - 1]);
    }

    /** Linear interpolation between the closest ranks (numpy's default), on sorted values. */
    private static double percentile(double[] sorted, double p) {
        double rank = p * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The figures scaled by {@code factor} (e.g. 100 for percent), formatted with {@code unit}. */
    String format(double factor, String unit) {
        return String.format(
                "n=%d mean=%.3g%s median=%.3g%s p90=%.3g%s max=%.3g%s",
                count, mean * factor, unit, median * factor, unit, p90 * factor, unit, max * factor, unit);
    }
}
