package io.magicshield.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** Keeps one frame: every newer frame drops the one waiting. */
    private final NewestFrames<CountingFrame> slot = new NewestFrames<>(1, CountingFrame::release);

    @Test
    void keepsTheNewestAndReleasesSkippedFramesOnce() throws Exception {
        CountingFrame a = new CountingFrame(1);
        CountingFrame b = new CountingFrame(2);
        CountingFrame c = new CountingFrame(3);
        assertFalse(slot.offer(a));
        assertTrue(slot.offer(b), "a was dropped");
        assertTrue(slot.offer(c), "b was dropped");
        assertSame(c, slot.take());
        assertEquals(1, a.releases.get());
        assertEquals(1, b.releases.get());
        assertEquals(0, c.releases.get(), "the taker owns c now");
    }

    @Test
    void withRoomForTwoABurstOfTwoIsKeptInOrderAndAThirdDropsTheOldest() throws Exception {
        NewestFrames<CountingFrame> two = new NewestFrames<>(2, CountingFrame::release);
        CountingFrame a = new CountingFrame(1);
        CountingFrame b = new CountingFrame(2);
        CountingFrame c = new CountingFrame(3);
        assertFalse(two.offer(a));
        assertFalse(two.offer(b), "a burst of two drops nothing");
        assertSame(a, two.take(), "oldest first");
        assertFalse(two.offer(c));
        assertSame(b, two.take());
        assertSame(c, two.take());
        CountingFrame d = new CountingFrame(4);
        CountingFrame e = new CountingFrame(5);
        CountingFrame f = new CountingFrame(6);
        two.offer(d);
        two.offer(e);
        assertTrue(two.offer(f), "a third frame waiting drops the oldest");
        assertEquals(1, d.releases.get());
        two.close();
        assertEquals(1, e.releases.get(), "close releases every frame still waiting");
        assertEquals(1, f.releases.get());
        assertNull(two.take());
    }

    @Test
    void closeReleasesTheWaitingFrameAndEveryLaterOne() throws Exception {
        CountingFrame waiting = new CountingFrame(1);
        slot.offer(waiting);
        slot.close();
        assertEquals(1, waiting.releases.get());
        CountingFrame late = new CountingFrame(2);
        assertFalse(slot.offer(late), "a frame after close is not a drop");
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
            if (slot.offer(frame)) {
                drops.incrementAndGet();
            }
        }
        slot.close();
        worker.join();

        for (CountingFrame frame : produced) {
            assertEquals(1, frame.releases.get(), "frame " + frame.number);
        }
        assertTrue(drops.get() > 0, "the slow worker made the slot drop frames");
        int leftAtClose = frames - taken.size() - drops.get();
        assertTrue(leftAtClose == 0 || leftAtClose == 1, "only a frame waiting at close is neither: " + leftAtClose);
        for (int i = 1; i < taken.size(); i++) {
            assertTrue(taken.get(i).number > taken.get(i - 1).number, "frames are taken in order");
        }
    }
}
