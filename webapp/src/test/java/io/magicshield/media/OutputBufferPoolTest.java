package io.magicshield.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.onvoid.webrtc.internal.NativeLoader;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OutputBufferPoolTest {

    private long now;
    private final CountingFrameCounters counters = new CountingFrameCounters();

    @BeforeAll
    static void loadWebrtc() throws Exception {
        NativeLoader.loadLibrary("webrtc-java"); // the buffers are native; PeerConnectionFactory would load it too
    }

    @Test
    void reusesABufferOnlyWhenItIsOldEnough() {
        try (OutputBufferPool pool = new OutputBufferPool(3, () -> now, counters)) {
            NativeI420Buffer first = pool.next(64, 48);
            now += 33_000_000L;
            pool.next(64, 48);
            now += 33_000_000L;
            pool.next(64, 48);
            // Three pushes later the first slot comes round again, but only 99 ms after its push: not reused.
            now += 33_000_000L;
            NativeI420Buffer again = pool.next(64, 48);
            assertNotSame(first, again);
            // Its replacement, seen 200 ms after its own push, is.
            now += 200_000_000L;
            pool.next(64, 48);
            pool.next(64, 48);
            assertSame(again, pool.next(64, 48));
            assertEquals(4, counters.allocated, "three slots filled, one replaced");
            assertEquals(1, counters.freed, "the replaced buffer");
        }
        assertEquals(counters.allocated, counters.freed, "closing gives up every buffer the pool still holds");
    }

    @Test
    void aNewFrameSizeGetsANewBuffer() {
        try (OutputBufferPool pool = new OutputBufferPool(3, () -> now, counters)) {
            NativeI420Buffer small = pool.next(64, 48);
            now += 1_000_000_000L;
            pool.next(64, 48);
            pool.next(64, 48);
            now += 1_000_000_000L;
            NativeI420Buffer large = pool.next(128, 96);
            assertNotSame(small, large);
            assertEquals(128, large.getWidth());
        }
    }
}
