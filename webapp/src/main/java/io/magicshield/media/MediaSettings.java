package io.magicshield.media;

import io.magicshield.core.EffectOptions;

/**
 * @param effectDefaults the effect's settings for a new session, before the page's own options
 * @param outputBuffers  output pictures each session cycles through (see {@link OutputBufferPool})
 * @param maxFramePixels largest camera picture a session takes (width x height); a client sending more is ended,
 *                       so that no client can make the server hold more than outputBuffers pictures of this size
 * @param engine         the native core's process-wide settings
 */
public record MediaSettings(
        EffectOptions effectDefaults, int outputBuffers, int maxFramePixels, EngineSettings engine) {

    public MediaSettings {
        if (outputBuffers < 3 || outputBuffers > 16) {
            throw new IllegalArgumentException("output buffers must be from 3 to 16, got " + outputBuffers);
        }
        if (maxFramePixels < 64 * 64 || maxFramePixels > 4096 * 2160) {
            throw new IllegalArgumentException("max frame pixels must be from 4096 to 8847360, got " + maxFramePixels);
        }
    }

    /** @throws IllegalArgumentException saying what the camera sends when a picture is over {@link #maxFramePixels} */
    public void checkFrameSize(int width, int height) {
        if ((long) width * height > maxFramePixels) {
            throw new IllegalArgumentException("the camera sends " + width + "x" + height
                    + " frames; this server takes at most " + maxFramePixels + " pixels");
        }
    }
}
