package io.magicshield.media;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.core.EffectOptions;
import io.magicshield.core.InferenceEngine;
import org.junit.jupiter.api.Test;

class MediaSettingsTest {

    private static MediaSettings withMaxPixels(int maxFramePixels) {
        return new MediaSettings(
                EffectOptions.defaults(),
                8,
                maxFramePixels,
                new EngineSettings("auto", InferenceEngine.TFLITE, 0, 2, true, 0, true));
    }

    @Test
    void framesUpToTheLimitPassAndLargerOnesAreNamed() {
        MediaSettings media = withMaxPixels(1280 * 720);
        assertDoesNotThrow(() -> media.checkFrameSize(1280, 720));
        assertDoesNotThrow(() -> media.checkFrameSize(720, 1280));
        IllegalArgumentException tooBig =
                assertThrows(IllegalArgumentException.class, () -> media.checkFrameSize(1920, 1080));
        assertTrue(tooBig.getMessage().contains("1920x1080"), tooBig.getMessage());
        assertTrue(tooBig.getMessage().contains("921600"), tooBig.getMessage());
    }

    @Test
    void hugeDimensionsDoNotOverflow() {
        assertThrows(
                IllegalArgumentException.class, () -> withMaxPixels(1920 * 1080).checkFrameSize(65536, 65536));
    }

    @Test
    void limitOutsideItsRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> withMaxPixels(100));
        assertThrows(IllegalArgumentException.class, () -> withMaxPixels(8192 * 8192));
    }
}
