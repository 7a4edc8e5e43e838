package io.magicshield.core;

/**
 * A session's own background (the {@code image} choice of {@link EffectOption#BACKGROUND}): decoded pixels, 8-bit
 * BGR, rows {@code 3 * width} bytes long. Decoding and checking an upload is the server's work, so that untrusted bytes
 * never reach native code; the core takes the pixels as they are.
 */
public record BackgroundPicture(int width, int height, byte[] bgr) {

    public BackgroundPicture {
        if (width < 1 || height < 1 || bgr.length != 3L * width * height) {
            throw new IllegalArgumentException(
                    "a " + width + "x" + height + " BGR picture has 3 bytes a pixel, not " + bgr.length + " in all");
        }
    }
}
