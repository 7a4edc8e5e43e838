package io.magicshield.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SampleWindowTest {

    @Test
    void medianOfTheMostRecentSamples() {
        SampleWindow window = new SampleWindow(3);
        assertEquals(Double.NaN, window.median());
        window.add(5);
        window.add(1);
        assertEquals(3.0, window.median(), "even count: mean of the middle two");
        window.add(9);
        assertEquals(5.0, window.median());
        window.add(2); // replaces the oldest, 5
        assertEquals(2.0, window.median());
    }
}
