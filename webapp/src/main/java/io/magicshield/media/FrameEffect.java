package io.magicshield.media;

import io.magicshield.core.BackgroundPicture;
import io.magicshield.core.EffectOptions;
import io.magicshield.core.FrameOutcome;
import io.magicshield.core.I420Frame;

/**
 * The per-session frame pass: reads {@code in}, writes the processed picture to {@code out} (a different buffer, of
 * the same size or a smaller picture of the same shape: what the link allows, see {@link LinkLadder}). One instance
 * serves one session and is only ever called from that session's frame worker thread.
 */
public interface FrameEffect extends AutoCloseable {

    FrameOutcome apply(I420Frame in, I420Frame out, long timestampMicros);

    /** Takes effect from the next frame on. */
    void setSettings(EffectOptions settings);

    /** The {@code image} background's picture (copied), from the next frame on. */
    void setBackgroundPicture(BackgroundPicture picture);

    @Override
    void close();
}
