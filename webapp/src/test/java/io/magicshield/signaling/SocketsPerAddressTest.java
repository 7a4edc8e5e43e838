package io.magicshield.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SocketsPerAddressTest {

    private static final String A = "192.0.2.1";
    private static final String B = "2001:db8::1";

    private static List<SocketsPerAddress.Slot> open(SocketsPerAddress sockets, String address, int n) {
        List<SocketsPerAddress.Slot> slots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            slots.add(sockets.tryOpen(address).orElseThrow(() -> new AssertionError("refused below the cap")));
        }
        return slots;
    }

    @Test
    void anAddressGetsUpToTheCapAndOthersAreCountedApart() {
        SocketsPerAddress sockets = new SocketsPerAddress(3);
        List<SocketsPerAddress.Slot> fromA = open(sockets, A, 3);
        assertEquals(Optional.empty(), sockets.tryOpen(A));
        assertEquals(Optional.empty(), sockets.tryOpen(A), "a refusal takes no place");
        open(sockets, B, 3);
        assertEquals(Optional.empty(), sockets.tryOpen(B));

        fromA.get(1).release();
        assertTrue(sockets.tryOpen(A).isPresent(), "a closed socket's place is free again");
        assertEquals(Optional.empty(), sockets.tryOpen(A));
    }

    @Test
    void aSlotIsGivenBackOnceHoweverOftenItIsReleased() {
        SocketsPerAddress sockets = new SocketsPerAddress(2);
        List<SocketsPerAddress.Slot> slots = open(sockets, A, 2);
        SocketsPerAddress.Slot closed = slots.get(0);
        closed.release(); // @OnError on a dead socket...
        closed.release(); // ...and @OnClose after it
        closed.release();
        assertTrue(sockets.tryOpen(A).isPresent());
        assertEquals(Optional.empty(), sockets.tryOpen(A), "one place came back, not three");
    }

    @Test
    void addressesWithoutSocketsAreForgotten() {
        SocketsPerAddress sockets = new SocketsPerAddress(4);
        List<SocketsPerAddress.Slot> slots = new ArrayList<>(open(sockets, A, 4));
        slots.addAll(open(sockets, B, 1));
        assertEquals(2, sockets.trackedAddresses());
        slots.forEach(SocketsPerAddress.Slot::release);
        slots.forEach(SocketsPerAddress.Slot::release);
        assertEquals(0, sockets.trackedAddresses());
        open(sockets, A, 4);
    }

    @Test
    void withoutAClientAddressSocketsAreNotCapped() {
        SocketsPerAddress sockets = new SocketsPerAddress(1);
        List<SocketsPerAddress.Slot> slots = open(sockets, ClientAddress.UNKNOWN, 50);
        assertEquals(0, sockets.trackedAddresses());
        slots.forEach(SocketsPerAddress.Slot::release);
        open(sockets, A, 1);
        assertEquals(Optional.empty(), sockets.tryOpen(A));
    }

    @Test
    void theCapMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SocketsPerAddress(0));
    }

    /** Many threads race for the places of one address: exactly the cap win, in every round. */
    @Test
    void racingOpensNeverPassTheCap() throws Exception {
        int cap = 16;
        int threads = 8;
        int attemptsPerThread = 10;
        SocketsPerAddress sockets = new SocketsPerAddress(cap);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                List<Callable<List<SocketsPerAddress.Slot>>> racers = IntStream.range(0, threads)
                        .mapToObj(t -> (Callable<List<SocketsPerAddress.Slot>>) () -> {
                            List<SocketsPerAddress.Slot> won = new ArrayList<>();
                            for (int i = 0; i < attemptsPerThread; i++) {
                                sockets.tryOpen(A).ifPresent(won::add);
                            }
                            return won;
                        })
                        .toList();
                List<SocketsPerAddress.Slot> won = new ArrayList<>();
                for (Future<List<SocketsPerAddress.Slot>> racer : pool.invokeAll(racers)) {
                    won.addAll(racer.get());
                }
                assertEquals(cap, won.size(), "round " + round);
                won.forEach(SocketsPerAddress.Slot::release);
                assertEquals(0, sockets.trackedAddresses(), "round " + round);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    /**
     * Sockets open and close on many threads at once while each slot is released twice, by two threads (a close and
     * an error racing): at no time does the address hold more than the cap, and nothing is left at the end.
     */
    @Test
    void racingReleasesGiveEachPlaceBackOnce() throws Exception {
        int cap = 4;
        int threads = 8;
        int cycles = 250;
        SocketsPerAddress sockets = new SocketsPerAddress(cap);
        AtomicInteger held = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        AtomicInteger opened = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> workers = IntStream.range(0, threads)
                    .mapToObj(t -> (Callable<Void>) () -> {
                        for (int i = 0; i < cycles; i++) {
                            Optional<SocketsPerAddress.Slot> slot = sockets.tryOpen(A);
                            if (slot.isEmpty()) {
                                continue;
                            }
                            opened.incrementAndGet();
                            mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                            held.decrementAndGet(); // before the release: the count may only ever be above the real one
                            Thread racer = new Thread(slot.get()::release);
                            racer.start();
                            slot.get().release();
                            racer.join();
                        }
                        return null;
                    })
                    .toList();
            for (Future<Void> worker : pool.invokeAll(workers)) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertTrue(mostHeld.get() <= cap, "held at once: " + mostHeld.get());
        assertTrue(opened.get() > 0);
        assertEquals(0, sockets.trackedAddresses(), "every place given back");
        open(sockets, A, cap);
        assertEquals(Optional.empty(), sockets.tryOpen(A), "and no more than that: no place was given back twice");
    }
}
