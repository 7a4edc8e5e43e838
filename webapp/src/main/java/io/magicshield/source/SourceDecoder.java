package io.magicshield.source;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes one checked source ({@link SourcePolicy.Checked}) with FFmpeg (JavaCV's grabber over bytedeco's FFmpeg,
 * the JavaCPP release of our OpenCV) into I420 frames. Every blocking step is bounded: the grabber's interrupt
 * callback ends an open or a read that takes longer than the timeout, and FFmpeg's own socket timeouts do the same
 * for RTSP. A picture over the pixel cap is refused once its size is known, before the first frame is decoded
 * further. Not thread-safe: one thread opens, reads and closes it.
 */
public final class SourceDecoder implements AutoCloseable {

    static {
        // FFmpeg writes its own log to stderr: errors only (a failure's reason reaches the status anyway)
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private static final Pattern URL_IN_TEXT = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^\"\\s]*");

    private final FFmpegFrameGrabber grabber;
    private final String shown;
    private final boolean network;
    private int width;
    private int height;

    /**
     * @param timeout the longest an open or a read may block (FFmpeg's socket and I/O timeouts and the interrupt)
     */
    public SourceDecoder(SourcePolicy.Checked source, Duration timeout) {
        this.shown = source.shown();
        this.network = source.network();
        grabber = new FFmpegFrameGrabber(source.openUrl());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        grabber.setTimeout((int) timeout.toMillis() * 1000); // microseconds: the interrupt callback's limit
        String micros = Long.toString(timeout.toNanos() / 1000);
        if (network) {
            // TCP interleaving: one connection to the camera, through any NAT, no UDP ports to open
            grabber.setOption("rtsp_transport", "tcp");
            grabber.setOption("timeout", micros); // RTSP: the socket's I/O timeout
            // FFmpeg reads this long into a stream to estimate its frame rate, which a live source does not use (it
            // goes as it comes): the default 5 s made opening the test's RTSP camera take 3.8 s, 0.1 s takes 0.8 s
            // (SourceDecodeBench); the stream's size still comes from its parameter sets
            grabber.setOption("analyzeduration", "100000");
        }
        grabber.setOption("rw_timeout", micros);
        grabber.setNumBuffers(0);
    }

    /**
     * Opens the source and reads its stream's size.
     *
     * @throws SourceFailedException when it cannot be opened, has no video, or is larger than {@code maxPixels}
     */
    public void open(long maxPixels) throws SourceFailedException {
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new SourceFailedException("could not open " + shown + ": " + reason(e));
        }
        width = grabber.getImageWidth();
        height = grabber.getImageHeight();
        if (width <= 0 || height <= 0) {
            throw new SourceFailedException(shown + " has no video stream that can be decoded");
        }
        if ((long) width * height > maxPixels) {
            throw new SourceFailedException(shown + " is " + width + "x" + height + ", over the " + maxPixels
                    + "-pixel cap (magicshield.media.max-frame-pixels)");
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * Decodes the next picture.
     *
     * @return the frame, valid until the next call; null at the end of a file
     * @throws SourceFailedException when reading fails or stalls past the timeout, or the size changed over the cap
     */
    public DecodedFrame next(long maxPixels) throws SourceFailedException {
        Frame frame;
        try {
            frame = grabber.grabImage();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new SourceFailedException("reading " + shown + " failed: " + reason(e));
        }
        if (frame == null) {
            return null;
        }
        if (!(frame.opaque instanceof AVFrame picture) || picture.format() != avutil.AV_PIX_FMT_YUV420P) {
            throw new SourceFailedException(shown + " gave a frame that is not I420");
        }
        if ((long) frame.imageWidth * frame.imageHeight > maxPixels) {
            throw new SourceFailedException(shown + " grew to " + frame.imageWidth + "x" + frame.imageHeight
                    + ", over the " + maxPixels + "-pixel cap");
        }
        // the decoder's own planes when it decodes to I420 (H.264, VP8), else the grabber's one conversion
        int chromaRows = (frame.imageHeight + 1) / 2;
        return new DecodedFrame(
                frame.imageWidth,
                frame.imageHeight,
                plane(picture, 0, frame.imageHeight),
                picture.linesize(0),
                plane(picture, 1, chromaRows),
                plane(picture, 2, chromaRows),
                picture.linesize(1),
                frame.timestamp);
    }

    private static ByteBuffer plane(AVFrame picture, int index, int rows) {
        return picture.data(index)
                .capacity((long) picture.linesize(index) * rows)
                .asByteBuffer();
    }

    /** The source's frame rate as its container says (a file is paced by it); 0 when it does not say. */
    public double frameRate() {
        return grabber.getFrameRate();
    }

    /** True for a network (RTSP) source, which ends only when it fails; a file ends and is looped. */
    public boolean network() {
        return network;
    }

    /** Rewinds a file to its start (for looping). */
    public void rewind() throws SourceFailedException {
        try {
            grabber.setTimestamp(0);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new SourceFailedException("rewinding " + shown + " failed: " + reason(e));
        }
    }

    private String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // FFmpeg's messages quote the URL it opened, credentials and all: the masked one instead
        return URL_IN_TEXT.matcher(message.lines().findFirst().orElse("")).replaceAll(Matcher.quoteReplacement(shown));
    }

    @Override
    public void close() {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // closing after a failure: nothing more to release, and nothing to tell
        }
    }
}
