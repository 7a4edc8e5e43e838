package io.magicshield.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus-style histogram: fixed upper bounds, counts per bucket, sum and count. Lock-free to record. */
public final class Histogram {

    private final double[] bounds;
    private final LongAdder[] buckets;
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    /** @param bounds ascending finite upper bounds; the {@code +Inf} bucket is implied */
    public Histogram(double... bounds) {
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("histogram bounds must ascend: " + Arrays.toString(bounds));
            }
        }
        this.bounds = bounds.clone();
        this.buckets = new LongAdder[bounds.length];
        Arrays.setAll(buckets, i -> new LongAdder());
    }

    public void observe(double value) {
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        if (i < bounds.length) {
            buckets[i].increment();
        }
        sum.add(value);
        count.increment();
    }

    /** @return cumulative counts per bound (as Prometheus wants them); {@code +Inf} is {@link Snapshot#count()} */
    public Snapshot snapshot() {
        long[] cumulative = new long[bounds.length];
        long running = 0;
        for (int i = 0; i < bounds.length; i++) {
            running += buckets[i].sum();
            cumulative[i] = running;
        }
        // read last, so +Inf is never below the finite buckets even while values are being recorded
        long total = Math.max(count.sum(), running);
        return new Snapshot(bounds.clone(), cumulative, sum.sum(), total);
    }

    public record Snapshot(double[] bounds, long[] cumulativeCounts, double sum, long count) {}
}
