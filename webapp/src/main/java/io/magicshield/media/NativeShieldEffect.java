package io.magicshield.media;

import io.magicshield.core.EffectOptions;
import io.magicshield.core.FrameResult;
import io.magicshield.core.I420Frame;
import io.magicshield.core.NativeCore;
import io.magicshield.core.NativeCoreException;
import io.magicshield.core.ShieldProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The production effect: the native core ({@code magicshield-native}, loaded once per server from the
 * {@code io.magicshield} JBoss module), one {@link ShieldProcessor} per session, run on the frame planes in place.
 */
@ApplicationScoped
public class NativeShieldEffect implements FrameEffectProvider {

    private static final Logger LOG = Logger.getLogger(NativeShieldEffect.class.getName());

    /** Loads the library, models and sprites at deployment, so neither readiness nor a first session waits. */
    void loadAtDeployment(@Observes Startup startup) {
        try {
            LOG.info(() -> "effect core ready: " + describe());
        } catch (EffectUnavailableException e) {
            LOG.log(Level.SEVERE, "the effect core is not usable; sessions will be refused", e);
        }
    }

    @Override
    public FrameEffect open(EffectSettings settings) {
        return new Session(core().newProcessor(options(settings)));
    }

    @Override
    public String describe() {
        return core().describe();
    }

    private static NativeCore core() {
        try {
            return NativeCore.instance();
        } catch (NativeCoreException e) {
            throw new EffectUnavailableException(e.getMessage(), e);
        }
    }

    private static EffectOptions options(EffectSettings s) {
        return new EffectOptions(s.mirror(), s.maxHands(), s.model(), s.showRatio(), s.hysteresis(), s.shieldScale(),
                s.degreesPerSecond(), s.handLines(), s.landmarkDebug());
    }

    private static I420Frame frame(I420Planes p) {
        return new I420Frame(p.width(), p.height(), p.y(), p.strideY(), p.u(), p.strideU(), p.v(), p.strideV());
    }

    private static final class Session implements FrameEffect {

        private final ShieldProcessor processor;

        private Session(ShieldProcessor processor) {
            this.processor = processor;
        }

        @Override
        public EffectOutcome apply(I420Planes in, I420Planes out, long timestampMicros) {
            FrameResult result = processor.process(frame(in), frame(out), timestampMicros);
            return new EffectOutcome(result.hands().size(), result.shieldsDrawn());
        }

        @Override
        public void setSettings(EffectSettings settings) {
            processor.setOptions(options(settings));
        }

        @Override
        public void close() {
            processor.close();
        }
    }
}
