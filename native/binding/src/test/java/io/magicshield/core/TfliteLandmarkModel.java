package io.magicshield.core;

import io.magicshield.models.HandModel;
import java.io.IOException;

/**
 * A hand landmark model run by Google's TFLite runtime ({@link TfliteModel}): the same model file our core runs
 * through OpenCV DNN. Input 1x224x224x3 NHWC RGB in [0, 1]; outputs in the model's order: 0 landmarks (63, crop
 * pixels), 1 presence, 2 handedness, 3 world landmarks (63).
 */
final class TfliteLandmarkModel implements AutoCloseable {
    static final int SIZE = 224;
    static final int VALUES = 3 * SIZE * SIZE;

    /** What the model gives for one crop: landmarks in crop pixels, presence and handedness probabilities. */
    record Output(float[] landmarks, float presence, float handedness) {}

    private final TfliteModel model;

    TfliteLandmarkModel(HandModel handModel) throws IOException {
        model = new TfliteModel(handModel, SIZE, 1);
    }

    /** Runs the model on a 1x3x224x224 NCHW tensor (what LandmarkProbe.crop gives). */
    Output run(float[] nchw) {
        model.setInput(nchw);
        model.invoke();
        return new Output(model.output(0, 63), model.output(1, 1)[0], model.output(2, 1)[0]);
    }

    @Override
    public void close() {
        model.close();
    }
}
