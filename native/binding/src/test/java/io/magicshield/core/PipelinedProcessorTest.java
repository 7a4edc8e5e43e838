package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pipelined processor through the Java binding: each frame comes back drawn with the hands of the frame before,
 * the in-line processor's results one frame later, and the input buffer is free when process() returns.
 */
class PipelinedProcessorTest {

    @Test
    void resultsTrailTheInlineProcessorByOneFrame() throws IOException {
        List<Path> frames =
                TestData.framesOf(TestData.handsDir().resolve("clip01")).subList(5, 25);
        int shields = 0;
        try (ShieldProcessor inline = Sessions.newProcessor(Sessions.REFERENCE);
                ShieldProcessor pipelined = Sessions.newProcessor(Sessions.REFERENCE)) {
            pipelined.setPipelined(true);
            FrameDetails before = null;
            for (int k = 0; k < frames.size(); k++) {
                I420Frame in = TestData.readI420(frames.get(k));
                I420Frame out = I420Frame.allocate(in.width(), in.height());
                long ts = Sessions.timestampMicros(k, 30);
                FrameDetails now = Sessions.frame(inline, in, out, ts);
                FrameDetails trailing = Sessions.frame(pipelined, in, out, ts);
                for (int i = 0; i < in.y().capacity(); i++) {
                    in.y().put(i, (byte) 0); // the caller may reuse its frame at once
                }
                if (before == null) {
                    assertEquals(0, trailing.hands().size(), "nothing can be found before the first inference");
                } else {
                    assertEquals(before.hands().size(), trailing.hands().size(), "frame " + k);
                    for (int h = 0; h < trailing.hands().size(); h++) {
                        assertArrayEquals(
                                before.hands().get(h).landmarks(),
                                trailing.hands().get(h).landmarks(),
                                1e-3f,
                                "frame " + k + " hand " + h);
                    }
                }
                shields += trailing.shieldsDrawn();
                before = now;
            }
        }
        assertTrue(shields > 0, "the pipelined processor drew no shield on clip01's open palm");
    }

    @Test
    void aClosedProcessorRefusesTheSetting() {
        ShieldProcessor processor = Sessions.newProcessor(Sessions.REFERENCE);
        processor.close();
        assertThrows(IllegalStateException.class, () -> processor.setPipelined(true));
    }
}
