package io.magicshield.it.rtc;

import io.magicshield.it.Await;
import io.magicshield.it.video.I420Image;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A camera: pushes a list of frames to the peer at a fixed frame rate on a thread of its own, once or in a loop
 * until closed, and remembers when each numbered frame was first sent. Once a second it runs a side task (the stats
 * channel's ping).
 */
public final class FrameSender implements AutoCloseable {

    /** One frame time: the picture and the number its marker carries. */
    public record Shot(int number, I420Image image) {}

    /** Told of every frame just before it is pushed, on the camera thread: it must be quick. */
    @FunctionalInterface
    public interface SendListener {
        void sending(Shot shot, long nanos);
    }

    private final WebRtcTestPeer peer;
    private final List<Shot> shots;
    private final int fps;
    private final Runnable everySecond;
    private final boolean loop;
    private final SendListener listener;
    private final ScheduledExecutorService clock =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "test-camera"));
    private final Map<Integer, Long> firstSentNanos = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** Written by the camera thread only. */
    private volatile int next;

    private volatile long startNanos;

    /** Sends {@code shots} once; {@link #awaitDone()} waits for the last. */
    public FrameSender(WebRtcTestPeer peer, List<Shot> shots, int fps, Runnable everySecond) {
        this(peer, shots, fps, everySecond, false, (shot, nanos) -> {});
    }

    private FrameSender(
            WebRtcTestPeer peer, List<Shot> shots, int fps, Runnable everySecond, boolean loop, SendListener listener) {
        this.peer = peer;
        this.shots = List.copyOf(shots);
        this.fps = fps;
        this.everySecond = everySecond;
        this.loop = loop;
        this.listener = listener;
    }

    /** Sends {@code shots} over and over until closed, as a camera does. */
    public static FrameSender looping(WebRtcTestPeer peer, List<Shot> shots, int fps, Runnable everySecond) {
        return looping(peer, shots, fps, everySecond, (shot, nanos) -> {});
    }

    /** {@link #looping(WebRtcTestPeer, List, int, Runnable)}, telling {@code listener} of every frame sent. */
    public static FrameSender looping(
            WebRtcTestPeer peer, List<Shot> shots, int fps, Runnable everySecond, SendListener listener) {
        return new FrameSender(peer, shots, fps, everySecond, true, listener);
    }

    public void start() {
        startNanos = System.nanoTime();
        clock.scheduleAtFixedRate(this::tick, 0, 1_000_000_000L / fps, TimeUnit.NANOSECONDS);
    }

    private void tick() {
        try {
            if (next >= shots.size() && !loop) {
                done.complete(null);
                clock.shutdown();
                return;
            }
            Shot shot = shots.get(next++ % shots.size());
            long now = System.nanoTime();
            firstSentNanos.putIfAbsent(shot.number(), now);
            listener.sending(shot, now);
            peer.send(shot.image());
            if (next % fps == 0) {
                everySecond.run();
            }
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            clock.shutdown();
        }
    }

    /** Waits until every frame was sent (the list's length divided by the frame rate, plus slack). */
    public void awaitDone() {
        Await.result(done, Duration.ofSeconds(shots.size() / fps + 10), "sending " + shots.size() + " frames");
    }

    /** Frames sent so far (in a loop, repeats included). */
    public int sent() {
        return loop ? next : Math.min(next, shots.size());
    }

    public long startNanos() {
        return startNanos;
    }

    /** When the frame with this number was first sent (System.nanoTime), or null. */
    public Long firstSentNanos(int number) {
        return firstSentNanos.get(number);
    }

    /** Stops sending (idempotent) and waits for a push in progress. */
    @Override
    public void close() {
        clock.shutdownNow();
        try {
            clock.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
