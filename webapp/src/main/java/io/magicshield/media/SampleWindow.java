package io.magicshield.media;

import java.util.Arrays;

/** The last N samples of a measurement, for a median that follows the present rather than the whole session. */
public final class SampleWindow {

    private final double[] samples;
    private int count;
    private int next;

    public SampleWindow(int size) {
        samples = new double[size];
    }

    public synchronized void add(double sample) {
        samples[next] = sample;
        next = (next + 1) % samples.length;
        count = Math.min(count + 1, samples.length);
    }

    /** @return the median of the window, NaN when empty */
    public synchronized double median() {
        if (count == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }
}
