package io.magicshield.source;

import io.magicshield.rtc.FrameFeed;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One source's thread: opens it, decodes it (a file paced at its frame rate and looped, a stream as it comes), and
 * hands every frame to its session's frame worker through a {@link FrameFeed}; a failure is retried with
 * {@link Backoff}, and meanwhile the stream keeps its session (and its id, so WHEP players stay) with a grey picture
 * once a second. The session is made at the first frame and has no time limit; should it end all the same (its
 * effect failed), it is made again, under a new stream id.
 */
final class SourceRunner implements Runnable {

    /** Makes the session a source's frames go into. */
    interface Stage {
        /**
         * @param onEnded run once when the session ends, however it ends
         * @throws SourceFailedException when the server or the room refuses the session
         */
        Published publish(Runnable onEnded) throws SourceFailedException;
    }

    /** A session that takes a source's frames: its stream id, the feed into its frame worker and how to end it. */
    record Published(String streamId, FrameFeed feed, Runnable end) {}

    private static final Logger LOG = Logger.getLogger(SourceRunner.class.getName());
    /** A stalled source's stream gets a frame this often: far inside the sessions' 15 s media timeout. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(1);
    /** A file that does not say its frame rate is paced at this. */
    private static final double DEFAULT_FPS = 30;

    private final String id;
    private final SourcePolicy.Checked source;
    private final SourceSettings settings;
    private final long maxPixels;
    private final Stage stage;
    private final Backoff backoff;
    private final long startNanos = System.nanoTime();

    private volatile boolean stopped;
    private volatile SourceStatus.State state = SourceStatus.State.STARTING;
    private volatile Published published;
    private volatile boolean sessionEnded;
    private volatile int width;
    private volatile int height;
    private volatile long frames;
    private volatile long loops;
    private volatile long retries;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile long lastFrameNanos;
    private volatile double longestGapSeconds;
    private volatile double firstFrameSeconds = -1;

    SourceRunner(String id, SourcePolicy.Checked source, SourceSettings settings, long maxPixels, Stage stage) {
        this.id = id;
        this.source = source;
        this.settings = settings;
        this.maxPixels = maxPixels;
        this.stage = stage;
        this.backoff = new Backoff(settings.backoff(), settings.maxBackoff());
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                try (SourceDecoder decoder = new SourceDecoder(source, settings.timeout())) {
                    decoder.open(maxPixels);
                    decode(decoder);
                } catch (SourceFailedException e) {
                    failed(e.getMessage());
                }
                if (!stopped) {
                    retries++;
                    waitWithGreyFrames(backoff.next());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "source " + id + " (" + source.shown() + ") stopped on an error", e);
            failed("stopped on an error: " + e.getMessage());
        } finally {
            state = SourceStatus.State.STOPPED;
            unpublish();
        }
    }

    private void decode(SourceDecoder decoder) throws SourceFailedException {
        long frameNanos = (long) (1e9 / (decoder.frameRate() > 0 ? decoder.frameRate() : DEFAULT_FPS));
        long due = System.nanoTime();
        while (!stopped) {
            DecodedFrame frame = decoder.next(maxPixels);
            if (frame == null) {
                if (decoder.network()) {
                    throw new SourceFailedException(source.shown() + " ended");
                }
                decoder.rewind();
                loops++;
                continue;
            }
            if (!decoder.network()) {
                // a file has no clock of its own: its frames go at its frame rate
                due += frameNanos;
                pause(due - System.nanoTime());
            }
            send(frame);
        }
    }

    private void send(DecodedFrame frame) throws SourceFailedException {
        ensurePublished(frame.width(), frame.height());
        published.feed().push(frame.width(), frame.height(), System.nanoTime(), frame::copyTo);
        long now = System.nanoTime();
        if (lastFrameNanos != 0 && state != SourceStatus.State.LIVE) {
            double gap = (now - lastFrameNanos) / 1e9;
            longestGapSeconds = Math.max(longestGapSeconds, gap);
            LOG.info(() -> String.format("source %s (%s) recovered after a %.1f s gap", id, source.shown(), gap));
        }
        if (firstFrameSeconds < 0) {
            firstFrameSeconds = (now - startNanos) / 1e9;
        }
        if (state != SourceStatus.State.LIVE) {
            backoff.reset();
        }
        state = SourceStatus.State.LIVE;
        lastFrameNanos = now;
        frames++;
    }

    private void ensurePublished(int frameWidth, int frameHeight) throws SourceFailedException {
        if (sessionEnded) {
            unpublish();
        }
        width = frameWidth;
        height = frameHeight;
        if (published != null) {
            return;
        }
        sessionEnded = false;
        try {
            published = stage.publish(() -> sessionEnded = true);
        } catch (RuntimeException e) {
            // retried like any failure, not the end of the source
            throw new SourceFailedException("the source's session could not be set up: " + e.getMessage());
        }
        LOG.info(() -> "source " + id + " (" + source.shown() + ") plays as stream " + published.streamId());
    }

    private void unpublish() {
        Published current = published;
        published = null;
        if (current != null) {
            current.end().run();
        }
    }

    private void failed(String message) {
        lastError = message;
        lastErrorAt = Instant.now();
        if (state != SourceStatus.State.STOPPED) {
            state = published == null && frames == 0 ? SourceStatus.State.STARTING : SourceStatus.State.RETRYING;
        }
        LOG.warning(() -> "source " + id + ": " + message);
    }

    /** Waits out a backoff; a published stream gets a grey picture once a second meanwhile. */
    private void waitWithGreyFrames(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (!stopped && System.nanoTime() < until) {
            if (published != null && !sessionEnded && width > 0) {
                grey();
            }
            pause(Math.min(KEEP_ALIVE.toNanos(), until - System.nanoTime()));
        }
    }

    private void grey() {
        int rows = height;
        int chromaRows = (height + 1) / 2;
        published.feed().push(width, height, System.nanoTime(), planes -> {
            fill(planes.y(), planes.strideY() * rows);
            fill(planes.u(), planes.strideU() * chromaRows);
            fill(planes.v(), planes.strideV() * chromaRows);
        });
    }

    /** Mid grey: 128 in every plane. */
    private static void fill(ByteBuffer plane, int bytes) {
        byte[] grey = new byte[bytes];
        Arrays.fill(grey, (byte) 128);
        plane.put(0, grey);
    }

    private void pause(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            stopped = true;
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the source: its thread leaves within one read timeout and ends the session. */
    void stop() {
        stopped = true;
    }

    SourceStatus status() {
        Published current = published;
        double gap = lastFrameNanos == 0 || state == SourceStatus.State.LIVE
                ? 0
                : (System.nanoTime() - lastFrameNanos) / 1e9;
        return new SourceStatus(
                id,
                source.shown(),
                state,
                current == null ? null : current.streamId(),
                width,
                height,
                frames,
                loops,
                retries,
                lastError,
                lastErrorAt,
                gap,
                longestGapSeconds,
                firstFrameSeconds);
    }
}
