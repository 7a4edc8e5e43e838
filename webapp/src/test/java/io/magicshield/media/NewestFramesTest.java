package io.magicshield.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class NewestFramesTest {

    /** Stands in for a native frame: counts its releases (a second release is a bug in the real thing). */
    static final class CountingFrame {
        final int number;
        final AtomicInteger releases = new AtomicInteger();

        CountingFrame(int number) {
            this.number = number;
        }

        void release() {
            releases.incrementAndGet();
        }
    }

    private static final long MS = 1_000_000;

    /** The handoff's clock, moved by the test. */
    private final AtomicLong now = new AtomicLong(1_000 * MS);
    /** Up to four frames, each dropped once it waited more than 50 ms and a newer one came. */
    private final NewestFrames<CountingFrame> slot = new NewestFrames<>(4, 50 * MS, now::get, CountingFrame::release);

    @Test
    void aBurstGoesThroughWholeInOrder() throws Exception {
        List<CountingFrame> burst = List.of(new CountingFrame(1), new CountingFrame(2), new CountingFrame(3));
        for (CountingFrame frame : burst) {
            assertEquals(0, slot.offer(frame), "frames a millisecond apart are not dropped");
            now.addAndGet(MS);
        }
        for (CountingFrame frame : burst) {
            assertSame(frame, slot.take(), "oldest first");
            assertEquals(0, frame.releases.get(), "the taker owns it");
        }
    }

    @Test
    void aFrameThatWaitedTooLongIsDroppedWhenANewerComes() throws Exception {
        CountingFrame stale = new CountingFrame(1);
        CountingFrame fresh = new CountingFrame(2);
        CountingFrame newest = new CountingFrame(3);
        slot.offer(stale);
        now.addAndGet(40 * MS);
        assertEquals(0, slot.offer(fresh), "40 ms is not too long");
        now.addAndGet(20 * MS);
        assertEquals(1, slot.offer(newest), "60 ms is");
        assertEquals(1, stale.releases.get());
        assertSame(fresh, slot.take());
        assertSame(newest, slot.take());
    }

    @Test
    void theNewestFrameIsKeptHoweverLongItWaits() throws Exception {
        CountingFrame only = new CountingFrame(1);
        slot.offer(only);
        now.addAndGet(10_000 * MS);
        assertSame(only, slot.take());
        assertEquals(0, only.releases.get());
    }

    @Test
    void beyondTheCapacityTheOldestIsDroppedWhateverItsAge() throws Exception {
        List<CountingFrame> frames = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            frames.add(new CountingFrame(i));
        }
        int dropped = 0;
        for (CountingFrame frame : frames) {
            dropped += slot.offer(frame);
        }
        assertEquals(2, dropped);
        assertEquals(1, frames.get(0).releases.get());
        assertEquals(1, frames.get(1).releases.get());
        for (int i = 2; i < 6; i++) {
            assertSame(frames.get(i), slot.take());
        }
    }

    @Test
    void oneOfferCanDropSeveralStaleFrames() throws Exception {
        CountingFrame a = new CountingFrame(1);
        CountingFrame b = new CountingFrame(2);
        slot.offer(a);
        slot.offer(b);
        now.addAndGet(100 * MS);
        CountingFrame c = new CountingFrame(3);
        assertEquals(2, slot.offer(c));
        assertEquals(1, a.releases.get());
        assertEquals(1, b.releases.get());
        assertSame(c, slot.take());
    }

    @Test
    void closeReleasesTheWaitingFrameAndEveryLaterOne() throws Exception {
        CountingFrame waiting = new CountingFrame(1);
        slot.offer(waiting);
        slot.close();
        assertEquals(1, waiting.releases.get());
        CountingFrame late = new CountingFrame(2);
        assertEquals(0, slot.offer(late), "a frame after close is not a drop");
        assertEquals(1, late.releases.get());
        assertNull(slot.take());
        slot.close();
        assertEquals(1, waiting.releases.get());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void closeWakesAWaitingTaker() throws Exception {
        // What the taker got, checked on this thread: an assertion failing on the taker would go unnoticed.
        CompletableFuture<CountingFrame> got = new CompletableFuture<>();
        Thread taker = new Thread(() -> {
            try {
                got.complete(slot.take());
            } catch (InterruptedException e) {
                got.completeExceptionally(e);
            }
        });
        taker.start();
        Thread.sleep(50);
        slot.close();
        assertNull(got.get(5, TimeUnit.SECONDS));
        taker.join();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void underLoadEveryFrameIsEitherTakenOrReleasedExactlyOnce() throws Exception {
        // the real clock: frames are dropped by age (over 1 ms) and by count
        NewestFrames<CountingFrame> slot = new NewestFrames<>(4, MS, System::nanoTime, CountingFrame::release);
        int frames = 20_000;
        List<CountingFrame> produced = new ArrayList<>();
        List<CountingFrame> taken = new ArrayList<>();
        AtomicInteger drops = new AtomicInteger();
        Thread worker = new Thread(() -> {
            try {
                CountingFrame frame;
                while ((frame = slot.take()) != null) {
                    taken.add(frame);
                    if (frame.number % 7 == 0) {
                        Thread.sleep(1); // a slow frame: the producer overtakes
                    }
                    frame.release(); // the worker releases what it took
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        for (int i = 1; i <= frames; i++) {
            CountingFrame frame = new CountingFrame(i);
            produced.add(frame);
            drops.addAndGet(slot.offer(frame));
        }
        slot.close();
        worker.join();

        for (CountingFrame frame : produced) {
            assertEquals(1, frame.releases.get(), "frame " + frame.number);
        }
        assertTrue(drops.get() > 0, "the slow worker made the slot drop frames");
        int leftAtClose = frames - taken.size() - drops.get();
        assertTrue(leftAtClose >= 0 && leftAtClose <= 4, "only frames waiting at close are neither: " + leftAtClose);
        for (int i = 1; i < taken.size(); i++) {
            assertTrue(taken.get(i).number > taken.get(i - 1).number, "frames are taken in order");
        }
    }
}
