package io.magicshield.media;

import io.magicshield.core.BackgroundPicture;
import io.magicshield.core.EffectOption;
import io.magicshield.core.EffectOptions;
import io.magicshield.core.FrameOutcome;
import io.magicshield.core.I420Frame;
import io.magicshield.core.NativeCore;
import io.magicshield.core.NativeCoreException;
import io.magicshield.core.ShieldProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The production effect: the native core ({@code magicshield-native}, loaded once per server from the
 * {@code io.magicshield} JBoss module), one {@link ShieldProcessor} per session, run on the frame planes in place.
 * Every session follows the server's {@link LoadGovernor} level.
 */
@ApplicationScoped
public class NativeShieldEffect implements FrameEffectProvider {

    private static final Logger LOG = Logger.getLogger(NativeShieldEffect.class.getName());

    @Inject
    MediaSettings settings;

    @Inject
    LoadGovernor governor;
    /** The thread count last given to the core (0: none yet). */
    private final AtomicInteger appliedThreads = new AtomicInteger();

    /** Loads the library, models and sprites at deployment, so neither readiness nor a first session waits. */
    void loadAtDeployment(@Observes Startup startup) {
        try {
            EngineSettings engine = settings.engine();
            chooseBackend(engine.backend());
            NativeCore core = core();
            // Where TFLite cannot load, the core has said why (one warning) and runs on OpenCV; describe() names it.
            core.useInferenceEngine(engine.inferenceEngine());
            followInferenceThreads(core);
            core.setMaxNetworksPerModel(engine.networksPerModel());
            LOG.info(() -> "effect core ready: " + core.describe());
        } catch (EffectUnavailableException e) {
            LOG.log(Level.SEVERE, "the effect core is not usable; sessions will be refused", e);
        }
    }

    /** The backend is chosen before the core's first load; a redeploy finds it loaded, and it stays until restart. */
    private static void chooseBackend(String backend) {
        try {
            NativeCore.useBackend(backend);
        } catch (IllegalStateException e) {
            LOG.warning(() -> e.getMessage() + "; the new backend setting applies after a server restart");
        }
    }

    @Override
    public FrameEffect open(EffectOptions effect) {
        NativeCore core = core();
        return new Session(core, core.newProcessor(options(effect, LoadLevel.NORMAL)), effect);
    }

    @Override
    public String describe() {
        return core().describe();
    }

    /**
     * Sets OpenCV's (process-wide) thread count to the governor's when it changed. Any worker may do it between two
     * of its frames while others infer: OpenCV resizes its pool under the pool's own lock, between parallel jobs.
     */
    private void followInferenceThreads(NativeCore core) {
        int wanted = governor.inferenceThreads();
        int applied = appliedThreads.get();
        if (wanted != applied && appliedThreads.compareAndSet(applied, wanted)) {
            core.setInferenceThreads(wanted);
            LOG.fine(() -> "inference threads " + applied + " -> " + wanted);
        }
    }

    /** Least milliseconds between two inferences of a session at this load level. */
    private double inferenceInterval(LoadLevel load) {
        return load.inferenceIntervalMillis(settings.engine().minInferenceIntervalMillis());
    }

    private static NativeCore core() {
        try {
            return NativeCore.instance();
        } catch (NativeCoreException e) {
            throw new EffectUnavailableException(e.getMessage(), e);
        }
    }

    private static EffectOptions options(EffectOptions s, LoadLevel load) {
        return load.modelOverride() != null ? s.with(EffectOption.MODEL, load.modelOverride()) : s;
    }

    /** Used by one frame worker thread. */
    private final class Session implements FrameEffect {

        private final NativeCore core;
        private final ShieldProcessor processor;
        private EffectOptions settings;
        private LoadLevel load = LoadLevel.NORMAL;

        private Session(NativeCore core, ShieldProcessor processor, EffectOptions settings) {
            this.core = core;
            this.processor = processor;
            this.settings = settings;
            processor.setMinInferenceInterval(inferenceInterval(load));
            processor.setPipelined(NativeShieldEffect.this.settings.engine().pipelinedInference());
        }

        @Override
        public FrameOutcome apply(I420Frame in, I420Frame out, long timestampMicros) {
            LoadLevel now = governor.level();
            if (now != load) {
                load = now;
                processor.setOptions(options(settings, load));
                processor.setMinInferenceInterval(inferenceInterval(load));
            }
            followInferenceThreads(core);
            return processor.process(in, out, timestampMicros);
        }

        @Override
        public void setSettings(EffectOptions newSettings) {
            settings = newSettings;
            processor.setOptions(options(settings, load));
        }

        @Override
        public void setBackgroundPicture(BackgroundPicture picture) {
            processor.setBackgroundPicture(picture);
        }

        @Override
        public void close() {
            processor.close();
        }
    }
}
