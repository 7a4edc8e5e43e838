package io.magicshield.media;

import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import io.magicshield.core.BackgroundPicture;
import io.magicshield.core.EffectOptions;
import io.magicshield.core.FrameOutcome;
import io.magicshield.core.I420Frame;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One session's frame pass on a thread of its own: takes the camera frames in order, runs the effect from
 * their planes into a pooled output buffer and pushes that to the outgoing video source, paced (see
 * {@link PushPacer}).
 * <p>
 * A thread per session rather than a shared pool: the effect's per-session processor is not thread-safe and keeps
 * tracking state from frame to frame, so its frames must be processed in order by one thread anyway; a blocked
 * take costs nothing, and sessions are few (bounded by admission control).
 */
public final class FrameWorker {

    private static final Logger LOG = Logger.getLogger(FrameWorker.class.getName());
    /** A camera frame that waited longer for the worker is dropped once a newer one came (see {@link NewestFrames}). */
    static final Duration HANDOFF_MAX_WAIT = Duration.ofMillis(50);
    /** Frames waiting at most, whatever their age: a bound on the native buffers a session holds. */
    static final int HANDOFF_MAX_FRAMES = 8;

    private final String sessionId;
    private final FrameEffect effect;
    private final CustomVideoSource output;
    private final MediaStats stats;
    private final Consumer<RuntimeException> onFailure;
    private final OutputBufferPool pool;
    private final NewestFrames<VideoFrame> handoff =
            new NewestFrames<>(HANDOFF_MAX_FRAMES, HANDOFF_MAX_WAIT.toNanos(), System::nanoTime, this::release);
    private final AtomicReference<EffectOptions> newSettings = new AtomicReference<>();
    private final AtomicReference<BackgroundPicture> newPicture = new AtomicReference<>();
    private final VideoTrackSink sink = this::onFrame;
    private final MediaSettings media;
    private final LinkLadder ladder;
    private final Thread thread;
    private final long createdNanos = System.nanoTime();
    private final PushPacer pacer = new PushPacer(System::nanoTime, LockSupport::parkNanos);
    private boolean firstFrameLogged;
    /** Camera frames taken, for sending every n-th one when the link allows no more. */
    private long taken;

    /**
     * @param effect    owned from here on: closed by the worker thread when it ends
     * @param ladder    the picture size and frame rate the link allows (updated by the caller from the sender's
     *                  bandwidth estimate)
     * @param onFailure told (on the worker thread, which then ends) when the effect fails
     */
    public FrameWorker(
            String sessionId,
            FrameEffect effect,
            CustomVideoSource output,
            MediaStats stats,
            MediaSettings media,
            LinkLadder ladder,
            Consumer<RuntimeException> onFailure) {
        this.sessionId = sessionId;
        this.effect = effect;
        this.output = output;
        this.stats = stats;
        this.onFailure = onFailure;
        this.pool = new OutputBufferPool(media.outputBuffers(), stats);
        this.media = media;
        this.ladder = ladder;
        this.thread = new Thread(this::run, "magicshield-frames-" + sessionId);
        thread.setDaemon(true);
        thread.start();
    }

    /** The sink for the remote camera track (the same instance every time, for removeSink). */
    public VideoTrackSink sink() {
        return sink;
    }

    /** Runs on the decoder thread, so it only hands the frame over. */
    private void onFrame(VideoFrame frame) {
        stats.frameReceived();
        for (int dropped = handoff.offer(frame); dropped > 0; dropped--) {
            stats.frameDropped();
        }
    }

    /** Gives our reference to a camera frame back to WebRTC, counted so that a missed release shows. */
    private void release(VideoFrame frame) {
        frame.release();
        stats.frameReleased();
    }

    public void setSettings(EffectOptions settings) {
        newSettings.set(settings);
    }

    /** Handed to the effect before the next frame (the effect is only used from the worker's thread). */
    public void setBackgroundPicture(BackgroundPicture picture) {
        newPicture.set(picture);
    }

    /**
     * Stops taking frames and waits for the thread, so nothing is pushed to the source after this returns. The
     * wait is not cut short by an interrupt: the caller disposes the source next.
     */
    public void stop() {
        handoff.close();
        if (Thread.currentThread() == thread) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            VideoFrame frame;
            while ((frame = handoff.take()) != null) {
                try {
                    process(frame);
                } finally {
                    release(frame);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            handoff.close();
            onFailure.accept(e);
        } catch (Error e) {
            // The session must still hear of it (an ended worker would otherwise leave it sending nothing).
            handoff.close();
            onFailure.accept(new IllegalStateException("the frame worker failed: " + e, e));
            if (e instanceof VirtualMachineError) {
                throw e;
            }
        } finally {
            pool.close();
            effect.close();
        }
    }

    private void process(VideoFrame frame) {
        EffectOptions settings = newSettings.getAndSet(null);
        if (settings != null) {
            effect.setSettings(settings);
        }
        BackgroundPicture picture = newPicture.getAndSet(null);
        if (picture != null) {
            effect.setBackgroundPicture(picture);
        }
        // a decoded frame is already I420 and toI420() returns the same buffer; anything else is a new reference
        I420Buffer in = frame.buffer.toI420();
        try {
            media.checkFrameSize(in.getWidth(), in.getHeight());
            LinkLadder.Step step = ladder.stepFor((long) in.getWidth() * in.getHeight());
            if (taken++ % step.frameDivisor() != 0) {
                return;
            }
            var out = pool.next(step.width(in.getWidth()), step.height(in.getHeight()));
            long start = System.nanoTime();
            FrameOutcome outcome = effect.apply(frame(in), frame(out), frame.timestampNs / 1000);
            long processing = System.nanoTime() - start;
            pacer.awaitTurn();
            output.pushFrame(new VideoFrame(out, frame.rotation, frame.timestampNs));
            stats.frameProcessed(processing, outcome);
            if (!firstFrameLogged) {
                firstFrameLogged = true;
                LOG.info(() -> "session " + sessionId + ": first processed frame " + in.getWidth() + "x"
                        + in.getHeight() + " sent at " + out.getWidth() + "x" + out.getHeight() + " "
                        + (System.nanoTime() - createdNanos) / 1_000_000
                        + " ms after the offer");
            }
        } finally {
            if (in != frame.buffer) {
                in.release();
            }
        }
    }

    /** The buffer's planes in place: the core reads and writes the WebRTC frame memory itself. */
    private static I420Frame frame(I420Buffer buffer) {
        return new I420Frame(
                buffer.getWidth(),
                buffer.getHeight(),
                buffer.getDataY(),
                buffer.getStrideY(),
                buffer.getDataU(),
                buffer.getStrideU(),
                buffer.getDataV(),
                buffer.getStrideV());
    }
}
