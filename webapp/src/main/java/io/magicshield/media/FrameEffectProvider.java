package io.magicshield.media;

import io.magicshield.core.EffectOptions;

/** Opens a {@link FrameEffect} per session; the application has one provider (the native core). */
public interface FrameEffectProvider {

    /** @throws EffectUnavailableException when the effect cannot run (library, models or sprites missing) */
    FrameEffect open(EffectOptions settings);

    /** One line naming what runs the effect, for health and logs. @throws EffectUnavailableException as above */
    String describe();
}
