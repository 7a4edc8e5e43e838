package io.magicshield.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.onvoid.webrtc.RTCDataChannelBuffer;
import io.magicshield.metrics.ServerMetrics;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudioChannelTest {

    /** The counts the channel reports, by what it reports. */
    private static final class Counts extends ServerMetrics {
        final List<String> dropped = new ArrayList<>();
        int received;

        @Override
        public void audioChunkReceived() {
            received++;
        }

        @Override
        public void audioChunkDropped(String reason) {
            dropped.add(reason);
        }
    }

    private final Counts counts = new Counts();
    private final AudioChannel speaker = new AudioChannel(counts);
    /** Not bound to a DataChannel yet: what is forwarded to it is skipped, as for a member whose channel is not open. */
    private final AudioChannel listener = new AudioChannel(counts);

    private static RTCDataChannelBuffer chunk(int bytes, boolean binary) {
        return new RTCDataChannelBuffer(ByteBuffer.allocateDirect(bytes), binary);
    }

    @Test
    void chunksWithinTheCapAreForwardedAndTheRestDroppedAsMalformed() {
        speaker.forwardTo(1, List.of(listener));

        speaker.onMessage(chunk(AudioChannel.HEADER_BYTES + 1, true));
        speaker.onMessage(chunk(AudioChannel.MAX_CHUNK_BYTES, true));
        assertEquals(2, counts.received);
        assertEquals(List.of(), counts.dropped);

        speaker.onMessage(chunk(AudioChannel.MAX_CHUNK_BYTES + 1, true));
        speaker.onMessage(chunk(64 * 1024, true));
        speaker.onMessage(chunk(AudioChannel.HEADER_BYTES, true));
        speaker.onMessage(chunk(0, true));
        speaker.onMessage(chunk(100, false));
        assertEquals(2, counts.received);
        assertEquals(
                List.of(
                        ServerMetrics.AUDIO_MALFORMED,
                        ServerMetrics.AUDIO_MALFORMED,
                        ServerMetrics.AUDIO_MALFORMED,
                        ServerMetrics.AUDIO_MALFORMED,
                        ServerMetrics.AUDIO_MALFORMED),
                counts.dropped);
    }

    @Test
    void aSpeakerWithNoOneToHearItForwardsNothing() {
        speaker.onMessage(chunk(100, true));
        speaker.forwardTo(3, List.of(listener));
        speaker.forwardTo(3, List.of());
        speaker.onMessage(chunk(100, true));
        assertEquals(0, counts.received);
        assertEquals(List.of(), counts.dropped);
    }

    @Test
    void theSpeakersNumberMustFitItsTwoBytes() {
        assertThrows(IllegalArgumentException.class, () -> speaker.forwardTo(-1, List.of(listener)));
        assertThrows(IllegalArgumentException.class, () -> speaker.forwardTo(0x10000, List.of(listener)));
        speaker.forwardTo(0xFFFF, List.of(listener));
    }
}
