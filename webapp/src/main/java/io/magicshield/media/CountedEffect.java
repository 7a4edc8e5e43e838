package io.magicshield.media;

import io.magicshield.core.BackgroundPicture;
import io.magicshield.core.EffectOptions;
import io.magicshield.core.FrameOutcome;
import io.magicshield.core.I420Frame;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A frame effect whose life is counted: a session's effect holds the native core's models and buffers (megabytes),
 * so one that is never closed is the costliest leak there is, and this count makes it visible
 * ({@code magicshield_effect_processors_open}).
 */
public final class CountedEffect implements FrameEffect {

    private final FrameEffect effect;
    private final AtomicInteger open;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param open incremented now, decremented on the first {@link #close()} */
    public CountedEffect(FrameEffect effect, AtomicInteger open) {
        this.effect = effect;
        this.open = open;
        open.incrementAndGet();
    }

    @Override
    public FrameOutcome apply(I420Frame in, I420Frame out, long timestampMicros) {
        return effect.apply(in, out, timestampMicros);
    }

    @Override
    public void setSettings(EffectOptions settings) {
        effect.setSettings(settings);
    }

    @Override
    public void setBackgroundPicture(BackgroundPicture picture) {
        effect.setBackgroundPicture(picture);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                effect.close();
            } finally {
                open.decrementAndGet();
            }
        }
    }
}
