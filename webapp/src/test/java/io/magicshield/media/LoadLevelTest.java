package io.magicshield.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LoadLevelTest {

    @Test
    void atTheFullEffectTheCoresAreSharedAmongTheSessions() {
        assertEquals(2, LoadLevel.NORMAL.inferenceThreads(1, 2, 0), "one session on two cores gets both");
        assertEquals(2, LoadLevel.NORMAL.inferenceThreads(0, 2, 0), "before the first session: its share");
        assertEquals(1, LoadLevel.NORMAL.inferenceThreads(2, 2, 0));
        assertEquals(1, LoadLevel.NORMAL.inferenceThreads(5, 2, 0), "never fewer than one");
        assertEquals(4, LoadLevel.NORMAL.inferenceThreads(4, 16, 0));
        assertEquals(5, LoadLevel.NORMAL.inferenceThreads(3, 16, 0), "the share rounds down");
    }

    @Test
    void theConfiguredMaximumBoundsTheShare() {
        assertEquals(1, LoadLevel.NORMAL.inferenceThreads(1, 2, 1), "inference-threads=1 keeps one core");
        assertEquals(3, LoadLevel.NORMAL.inferenceThreads(1, 16, 3));
        assertEquals(2, LoadLevel.NORMAL.inferenceThreads(8, 16, 3), "a share below the bound stands");
    }

    @Test
    void theConfiguredInferenceIntervalIsALowerBoundAtEveryLevel() {
        assertEquals(0, LoadLevel.NORMAL.inferenceIntervalMillis(0), "every frame by default");
        assertEquals(200, LoadLevel.LITE_SIXTH_RATE.inferenceIntervalMillis(0));
        assertEquals(100, LoadLevel.NORMAL.inferenceIntervalMillis(100));
        assertEquals(100, LoadLevel.LITE_HALF_RATE.inferenceIntervalMillis(100), "no level shortens it");
        assertEquals(200, LoadLevel.LITE_SIXTH_RATE.inferenceIntervalMillis(100), "a longer level's interval stands");
    }

    @Test
    void everyDegradedLevelUsesOneThreadPerInference() {
        for (LoadLevel level : LoadLevel.values()) {
            if (level != LoadLevel.NORMAL) {
                assertEquals(1, level.inferenceThreads(1, 16, 0), level.name());
            }
        }
    }
}
