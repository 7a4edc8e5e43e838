package io.magicshield.load;

import io.magicshield.it.rtc.FrameSender;
import io.magicshield.it.rtc.FrameSender.Shot;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When a session's camera sent each frame: the latest send of every marker number, so that a frame coming back is
 * paired with the send it was made from, and every send time, to count the frames sent in a window. Written by the
 * camera thread, read by the decoder thread and the driver.
 */
final class SendLog implements FrameSender.SendListener {

    private final AtomicLongArray lastSentNanos = new AtomicLongArray(256);
    /** Grows by the frame rate; a run lasts minutes, so it stays small (30 fps * 10 min = 18000 longs). */
    private long[] times = new long[4096];

    private int count;

    @Override
    public void sending(Shot shot, long nanos) {
        lastSentNanos.set(shot.number(), nanos);
        synchronized (this) {
            if (count == times.length) {
                times = Arrays.copyOf(times, times.length * 2);
            }
            times[count++] = nanos;
        }
    }

    /** When the frame with this marker number was last sent (System.nanoTime), 0 if never. */
    long lastSent(int number) {
        return lastSentNanos.get(number);
    }

    /** Frames sent at or after {@code from} and before {@code to} (System.nanoTime). */
    synchronized int sentBetween(long from, long to) {
        int n = 0;
        for (int i = count - 1; i >= 0 && times[i] >= from; i--) {
            if (times[i] < to) {
                n++;
            }
        }
        return n;
    }
}
