package io.magicshield.signaling;

/**
 * What an uploaded background picture may be ({@code magicshield.background-image.*}). The core takes 16 to 8192
 * pixels a side; the pixel cap keeps one decoded picture to 48 MB of BGR (16 Mpx, e.g. 4096 x 4096).
 *
 * @param maxBytes  largest upload, the encoded file
 * @param maxPixels largest width x height, checked from the file's header before anything is decoded
 */
public record BackgroundImageLimits(int maxBytes, long maxPixels) {

    /** The core's smallest picture side (magicshield.h, FramePass::set_background_image). */
    public static final int MIN_SIDE = 16;
    /** The core's largest picture side (magicshield.h, kMaxFrameSide). */
    public static final int MAX_SIDE = 8192;
    /** The most that {@code max-bytes} may be: what one socket may make the server hold while a picture arrives. */
    static final int MAX_UPLOAD_BYTES = 16 * 1024 * 1024;

    public BackgroundImageLimits {
        if (maxBytes < 1024 || maxBytes > MAX_UPLOAD_BYTES) {
            throw new IllegalArgumentException(
                    "max bytes must be from 1024 to " + MAX_UPLOAD_BYTES + ", got " + maxBytes);
        }
        if (maxPixels < (long) MIN_SIDE * MIN_SIDE || maxPixels > (long) MAX_SIDE * MAX_SIDE) {
            throw new IllegalArgumentException("max pixels must be from " + MIN_SIDE * MIN_SIDE + " to "
                    + (long) MAX_SIDE * MAX_SIDE + ", got " + maxPixels);
        }
    }
}
