package io.magicshield.it.rtc;

import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sink that counts the processed frames coming back, for tests that watch a session's frame rate rather than its
 * pictures: it releases each at once (on WebRTC's decoder thread), or hands it on to a sink that looks at it.
 */
public final class FrameRateMeter implements VideoTrackSink {

    /** The count at one moment, to measure the rate from. */
    public record Reading(long frames, long nanos) {}

    private final AtomicLong frames = new AtomicLong();
    private final VideoTrackSink next;

    public FrameRateMeter() {
        this(VideoFrame::release);
    }

    /** @param next gets every frame after it is counted, and owns (releases) it */
    public FrameRateMeter(VideoTrackSink next) {
        this.next = next;
    }

    @Override
    public void onVideoFrame(VideoFrame frame) {
        frames.incrementAndGet();
        next.onVideoFrame(frame);
    }

    public long frames() {
        return frames.get();
    }

    public Reading read() {
        return new Reading(frames.get(), System.nanoTime());
    }

    /** Frames per second from {@code since} until now. */
    public double fpsSince(Reading since) {
        return fps(since, read());
    }

    public static double fps(Reading from, Reading to) {
        return (to.frames() - from.frames()) / Math.max((to.nanos() - from.nanos()) / 1e9, 1e-9);
    }
}
