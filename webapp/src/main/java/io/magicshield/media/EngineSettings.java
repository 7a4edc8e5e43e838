package io.magicshield.media;

import io.magicshield.core.InferenceEngine;
import java.util.Objects;
import java.util.Set;

/**
 * The native core's process-wide settings.
 *
 * @param backend          {@code auto}, {@code cpu} or {@code cuda} (auto uses a usable GPU, else the CPU)
 * @param inferenceEngine  what runs the models; TFLite falls back to OpenCV, with a warning, where it cannot load
 * @param inferenceThreads the most threads OpenCV may use inside one inference; 0: as many as there are cores. The
 *                         server uses fewer while several sessions share the cores or the effect is degraded (see
 *                         {@link LoadLevel#inferenceThreads})
 * @param networksPerModel inferences of one model that may run at once; more wait for a free network
 * @param adaptive         degrade the effect under load (a lighter model, then fewer inferences per second)
 *                         instead of dropping frames; see {@link LoadGovernor}
 * @param minInferenceIntervalMillis least time between two runs of the models in a session, at every load level
 *                         (0: every frame); between runs the shield stays where the last run found the hand.
 *                         Less CPU per session for a shield that lags a moving hand
 * @param pipelinedInference draw each frame with the hands found in the frame before while the models look at this
 *                         one beside it (CPU backend): the video does not wait for inference, the shield trails the
 *                         hand by a frame
 */
public record EngineSettings(
        String backend,
        InferenceEngine inferenceEngine,
        int inferenceThreads,
        int networksPerModel,
        boolean adaptive,
        int minInferenceIntervalMillis,
        boolean pipelinedInference) {

    /** The native core's own upper bound. */
    static final int MAX_INFERENCE_INTERVAL_MILLIS = 1000;

    private static final Set<String> BACKENDS = Set.of("auto", "cpu", "cuda");

    public EngineSettings {
        if (!BACKENDS.contains(backend)) {
            throw new IllegalArgumentException("backend must be auto, cpu or cuda, got " + backend);
        }
        Objects.requireNonNull(inferenceEngine, "inferenceEngine");
        if (inferenceThreads < 0 || inferenceThreads > 64) {
            throw new IllegalArgumentException("inference threads must be from 0 to 64, got " + inferenceThreads);
        }
        if (networksPerModel < 1 || networksPerModel > 64) {
            throw new IllegalArgumentException("networks per model must be from 1 to 64, got " + networksPerModel);
        }
        if (minInferenceIntervalMillis < 0 || minInferenceIntervalMillis > MAX_INFERENCE_INTERVAL_MILLIS) {
            throw new IllegalArgumentException("the least inference interval must be from 0 to "
                    + MAX_INFERENCE_INTERVAL_MILLIS + " ms, got " + minInferenceIntervalMillis);
        }
    }
}
