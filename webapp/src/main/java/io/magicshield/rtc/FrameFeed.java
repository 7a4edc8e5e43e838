package io.magicshield.rtc;

import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import java.nio.ByteBuffer;

/**
 * A camera on the server (a pulled source) in place of a page's track: each picture is written once into a buffer of
 * WebRTC's own and handed to the session's frame worker exactly as a decoded remote frame is, so the effect, the load
 * governor, the room's tiles and WHEP are the ones every camera has, with no encode or decode on the way (the loopback
 * peer this replaces spent 15.7 ms of CPU per 1280x720 frame on its VP8 encode, decode and threads, more than the
 * effect's 10.3: docs/sources.md). The writer sees plain buffers, no WebRTC type. Pushed from the source's one thread; after the session ended a picture is dropped by the worker.
 */
public final class FrameFeed {

    /** A picture's I420 planes to write into: each row of a plane starts {@code stride} bytes after the last. */
    public record Planes(ByteBuffer y, int strideY, ByteBuffer u, int strideU, ByteBuffer v, int strideV) {}

    /** Writes one picture into the feed's buffer. */
    @FunctionalInterface
    public interface Writer {
        void write(Planes into);
    }

    private final VideoTrackSink worker;

    FrameFeed(VideoTrackSink worker) {
        this.worker = worker;
    }

    /**
     * Hands one picture to the worker: a new buffer (the worker keeps it after this returns, and the decoder's memory
     * does not last that long), filled by {@code writer}.
     *
     * @param timestampNs the picture's time, for the effect's tracking
     */
    public void push(int width, int height, long timestampNs, Writer writer) {
        NativeI420Buffer buffer = NativeI420Buffer.allocate(width, height);
        try {
            writer.write(new Planes(
                    buffer.getDataY(),
                    buffer.getStrideY(),
                    buffer.getDataU(),
                    buffer.getStrideU(),
                    buffer.getDataV(),
                    buffer.getStrideV()));
        } catch (RuntimeException e) {
            buffer.release();
            throw e;
        }
        // the frame owns the buffer's one reference from here: the worker releases it once processed or dropped
        worker.onVideoFrame(new VideoFrame(buffer, 0, timestampNs));
    }
}
