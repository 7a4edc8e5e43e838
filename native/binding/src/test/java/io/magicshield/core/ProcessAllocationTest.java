package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A session's frame costs the Java heap nothing: the server calls {@link ShieldProcessor#process} for every frame of
 * every session, so the outcome is a shared instance and the hands stay in native memory until
 * {@link ShieldProcessor#details()} is asked for them. Measured with the thread's allocation counter, not timed.
 */
class ProcessAllocationTest {
    private static final int FRAMES = 1000;

    @Test
    void processAllocatesNoObjectPerFrame() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        I420Frame in = TestData.readI420(TestData.handsDir().resolve("open_palm_04.jpg"));
        I420Frame out = I420Frame.allocate(in.width(), in.height());
        try (ShieldProcessor processor = Sessions.newProcessor(Sessions.REFERENCE)) {
            // The models run on the first frame only (frames 1 us apart): this measures the call, not inference.
            processor.setMinInferenceInterval(1000);
            long t = 0;
            for (int i = 0; i < FRAMES; i++) { // warm-up: class loading and compilation allocate
                processor.process(in, out, t++);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            FrameOutcome outcome = null;
            for (int i = 0; i < FRAMES; i++) {
                outcome = processor.process(in, out, t++);
            }
            long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.printf(
                    "[allocation] process(): %d bytes over %d frames (%.2f per frame), %s%n",
                    bytes, FRAMES, (double) bytes / FRAMES, outcome);
            assertEquals(1, outcome.hands(), "the open palm is tracked, so a frame has a hand to report");
            // Any object made per frame is at least 16 bytes.
            assertTrue(bytes < 16L * FRAMES, bytes + " bytes allocated over " + FRAMES + " frames");
        }
    }
}
