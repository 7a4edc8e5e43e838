package io.magicshield.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FFmpeg decoding of checked sources: the shared clips decode to I420 in the decoder's own planes, the pixel cap
 * refuses a picture before it is processed, and a source that hangs or refuses fails within the timeout with a
 * reason that names no credential. Network traffic only to sockets this test opens on 127.0.0.1.
 */
class SourceDecoderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final long CAP = 1920L * 1080;

    @TempDir
    Path folder;

    static Path hands() {
        Path dir = Path.of(System.getProperty("magicshield.testdata", "../../shared/testdata/hands"));
        if (!Files.isRegularFile(dir.resolve("clip01.mp4"))) {
            System.err.println("!!! SKIPPED: no shared test data at " + dir.toAbsolutePath()
                    + " (clip01.mp4); set -Dmagicshield.testdata=DIR");
            Assumptions.abort("no shared test data at " + dir.toAbsolutePath());
        }
        return dir;
    }

    @Test
    void aSharedClipDecodesToI420InTheDecodersPlanesAndRewinds() throws Exception {
        SourcePolicy policy = new SourcePolicy(List.of(), Set.of(), hands());
        List<Long> timestamps = new ArrayList<>();
        int frames = 0;
        try (SourceDecoder decoder = new SourceDecoder(policy.check("file:clip01.mp4"), TIMEOUT)) {
            decoder.open(CAP);
            System.out.printf("[source] clip01.mp4: %dx%d%n", decoder.width(), decoder.height());
            assertTrue(decoder.width() > 0 && decoder.height() > 0);
            for (DecodedFrame frame = decoder.next(CAP); frame != null; frame = decoder.next(CAP)) {
                frames++;
                timestamps.add(frame.timestampMicros());
                assertEquals(decoder.width(), frame.width());
                assertTrue(frame.strideY() >= frame.width() && frame.strideUv() >= (frame.width() + 1) / 2);
                assertEquals(frame.strideY() * frame.height(), frame.y().capacity());
                assertEquals(
                        frame.strideUv() * ((frame.height() + 1) / 2), frame.v().capacity());
                if (frames == 10) {
                    assertTrue(spread(frame) > 30, "a real picture: luma spreads over the range");
                }
            }
            assertTrue(frames > 10, frames + " frames");
            for (int i = 1; i < timestamps.size(); i++) {
                assertTrue(timestamps.get(i) > timestamps.get(i - 1), "timestamps rise: " + timestamps);
            }
            decoder.rewind();
            DecodedFrame again = decoder.next(CAP);
            assertNotNull(again, "a rewound file plays again");
            assertTrue(again.timestampMicros() < timestamps.get(timestamps.size() / 2), "from its start");
        }
        System.out.printf("[source] clip01.mp4: %d frames%n", frames);
    }

    /** The range of luma over one row in the middle of the frame, read in the decoder's own plane. */
    private static int spread(DecodedFrame frame) {
        int offset = frame.strideY() * (frame.height() / 2);
        int min = 255;
        int max = 0;
        for (int x = 0; x < frame.width(); x++) {
            int value = frame.y().get(offset + x) & 0xff;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return max - min;
    }

    @Test
    void aPictureOverThePixelCapIsRefusedOnOpen() throws Exception {
        SourcePolicy policy = new SourcePolicy(List.of(), Set.of(), hands());
        try (SourceDecoder decoder = new SourceDecoder(policy.check("file:clip01.mp4"), TIMEOUT)) {
            SourceFailedException refused = assertThrows(SourceFailedException.class, () -> decoder.open(320 * 240));

            assertTrue(refused.getMessage().contains("over the 76800-pixel cap"), refused.getMessage());
        }
    }

    @Test
    void aFileThatIsNoVideoFailsClearly() throws Exception {
        Files.writeString(folder.resolve("notes.mp4"), "this is text, not a video\n".repeat(100));
        SourcePolicy policy = new SourcePolicy(List.of(), Set.of(), folder);
        try (SourceDecoder decoder = new SourceDecoder(policy.check("file:notes.mp4"), TIMEOUT)) {
            SourceFailedException failed = assertThrows(SourceFailedException.class, () -> decoder.open(CAP));

            assertTrue(failed.getMessage().contains("could not open file:notes.mp4"), failed.getMessage());
        }
    }

    @Test
    void anRtspServerThatNeverAnswersFailsWithinTheTimeoutAndTheCredentialsStayHidden() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    accepted.add(silent.accept()); // accepts, reads nothing, says nothing
                } catch (IOException e) {
                    // closed by the test
                }
            });
            acceptor.start();
            SourcePolicy policy =
                    new SourcePolicy(List.of(Cidr.parse("127.0.0.1/32")), Set.of(silent.getLocalPort()), null);
            long start = System.nanoTime();
            try (SourceDecoder decoder = new SourceDecoder(
                    policy.check("rtsp://admin:hunter2@127.0.0.1:" + silent.getLocalPort() + "/live"), TIMEOUT)) {
                SourceFailedException failed = assertThrows(SourceFailedException.class, () -> decoder.open(CAP));
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        "[source] a silent RTSP server: failed after %.1f s: %s%n", seconds, failed.getMessage());
                assertTrue(seconds < 5 * TIMEOUT.toSeconds(), "bounded by the timeout, not hanging: " + seconds);
                assertFalse(failed.getMessage().contains("hunter2")
                        || failed.getMessage().contains("admin"));
                assertTrue(failed.getMessage().contains("***@127.0.0.1"), failed.getMessage());
            }
            acceptor.join(1000);
            assertEquals(1, accepted.size(), "the decoder did connect, to the test's own socket");
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void aRefusedConnectionFailsClearly() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        SourcePolicy policy = new SourcePolicy(List.of(Cidr.parse("127.0.0.1/32")), Set.of(closedPort), null);
        try (SourceDecoder decoder =
                new SourceDecoder(policy.check("rtsp://127.0.0.1:" + closedPort + "/live"), TIMEOUT)) {
            SourceFailedException failed = assertThrows(SourceFailedException.class, () -> decoder.open(CAP));

            assertTrue(failed.getMessage().startsWith("could not open rtsp://127.0.0.1:"), failed.getMessage());
        }
    }

    @Test
    void nothingIsDecodedPastTheEnd() throws Exception {
        SourcePolicy policy = new SourcePolicy(List.of(), Set.of(), hands());
        try (SourceDecoder decoder = new SourceDecoder(policy.check("file:clip02.mp4"), TIMEOUT)) {
            decoder.open(CAP);
            int frames = 0;
            while (decoder.next(CAP) != null && frames < 10_000) {
                frames++;
            }
            assertTrue(frames > 0 && frames < 10_000, frames + " frames");
            assertNull(decoder.next(CAP));
        }
    }
}
