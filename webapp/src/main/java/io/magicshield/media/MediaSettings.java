package io.magicshield.media;

/**
 * @param effectDefaults the effect's settings for a new session, before the page's own options
 * @param outputBuffers  output pictures each session cycles through (see {@link OutputBufferPool})
 * @param engine         the native core's process-wide settings
 */
public record MediaSettings(EffectSettings effectDefaults, int outputBuffers, EngineSettings engine) {

    public MediaSettings {
        if (outputBuffers < 3 || outputBuffers > 16) {
            throw new IllegalArgumentException("output buffers must be from 3 to 16, got " + outputBuffers);
        }
    }
}
