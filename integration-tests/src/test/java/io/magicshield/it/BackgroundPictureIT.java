package io.magicshield.it;

import static io.magicshield.it.signaling.ClientMessages.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.signaling.ClientMessages;
import io.magicshield.it.signaling.SignalingClient;
import io.magicshield.it.video.I420Image;
import io.magicshield.it.video.TestPattern;
import jakarta.json.Json;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The {@code image} background over the real server: a streaming session is refused {@code image} before it sent a
 * picture, then sends hostile files (not a picture, a GIF, a truncated PNG, a tiny PNG declaring 100000 x 100000, a
 * picture too small, a file over the byte limit), each answered with {@code IMAGE_REFUSED} while the processed video
 * goes on unchanged; then a PNG and a JPEG, after each of which the returned frames show that picture; a damaged file
 * after them leaves the last picture in place.
 */
class BackgroundPictureIT extends ServerUnderTest {

    private static final int FPS = 15;
    private static final Duration FRAMES_WAIT = Duration.ofSeconds(10);
    /** magicshield.background-image.max-bytes as configured in the WAR. */
    private static final int MAX_BYTES = 4 * 1024 * 1024;

    private final AtomicReference<I420Image> latest = new AtomicReference<>();

    @Test
    void hostileFilesAreRefusedAndGoodOnesShowBehindThePerson() throws IOException {
        try (StreamingClient client = StreamingClient.start(
                SIGNALING, ClientMessages.start(), TestPattern.shots(320, 240, FPS), FPS, this::keep, (s, n) -> {})) {
            SignalingClient signaling = client.signaling();
            client.awaitFrames(20, FRAMES_WAIT);
            double magentaBefore = share(new Color(255, 0, 255));

            signaling.send(options(
                    Json.createObjectBuilder().add("background", "image").build()));
            System.out.println("[background picture] image before a picture: " + signaling.expectError("NO_IMAGE"));

            Map<String, byte[]> hostile = new LinkedHashMap<>();
            hostile.put("text", "{\"type\": \"stop\"}".getBytes(StandardCharsets.UTF_8));
            hostile.put("GIF", encode(solid(64, 48, Color.RED), "gif"));
            byte[] png = encode(solid(320, 240, new Color(255, 0, 255)), "png");
            hostile.put("truncated PNG", Arrays.copyOf(png, png.length / 2));
            hostile.put("PNG declaring 100000x100000", pngHeader(100_000, 100_000));
            hostile.put("8x8 PNG", encode(solid(8, 8, Color.RED), "png"));
            byte[] oversized = Arrays.copyOf(png, MAX_BYTES + 1);
            hostile.put("4 MiB + 1 byte", oversized);
            for (Map.Entry<String, byte[]> file : hostile.entrySet()) {
                long before = client.received().frames();
                signaling.sendBinary(file.getValue());
                System.out.println("[background picture] " + file.getKey() + " (" + file.getValue().length + " bytes): "
                        + signaling.expectError("IMAGE_REFUSED"));
                client.awaitFrames(before + 5, FRAMES_WAIT); // the session goes on
            }
            assertEquals(magentaBefore, share(new Color(255, 0, 255)), 0.05, "a refused file changed the video");

            signaling.sendBinary(png);
            assertEquals(
                    "image", signaling.await("options").getJsonObject("options").getString("background"));
            double magenta = awaitShare(client, new Color(255, 0, 255));
            System.out.printf(
                    "[background picture] PNG accepted: magenta share of the frame %.2f (before %.2f)%n",
                    magenta, magentaBefore);

            byte[] jpeg = encode(solid(640, 480, new Color(0, 200, 80)), "jpeg");
            signaling.sendBinary(jpeg);
            assertEquals(
                    "image", signaling.await("options").getJsonObject("options").getString("background"));
            double green = awaitShare(client, new Color(0, 200, 80));
            System.out.printf("[background picture] JPEG accepted: green share of the frame %.2f%n", green);

            // A flood: 30 pictures back to back (bounded); each gets its answer in order and the video goes on.
            int flood = 30;
            for (int i = 0; i < flood; i++) {
                signaling.sendBinary(i % 2 == 0 ? png : jpeg);
            }
            for (int i = 0; i < flood; i++) {
                assertEquals(
                        "image",
                        signaling.await("options").getJsonObject("options").getString("background"),
                        "answer " + i + " of the flood");
            }
            double afterFlood = awaitShare(client, new Color(0, 200, 80));
            System.out.printf(
                    "[background picture] %d pictures back to back: %d answers, the last (green) shows on %.2f%n",
                    flood, flood, afterFlood);

            byte[] damaged = jpeg.clone();
            Arrays.fill(damaged, damaged.length / 3, damaged.length - 2, (byte) 0xff);
            signaling.sendBinary(damaged);
            System.out.println("[background picture] damaged JPEG: " + signaling.expectError("IMAGE_REFUSED"));
            long before = client.received().frames();
            client.awaitFrames(before + 15, FRAMES_WAIT);
            assertTrue(share(new Color(0, 200, 80)) > 0.5, "the last good picture stays after a refused one");
            client.stop();
        }
    }

    /** Keeps a copy of the newest processed frame. */
    private void keep(VideoFrame frame) {
        try {
            I420Buffer buffer = frame.buffer.toI420();
            try {
                latest.set(I420Image.copyOf(
                        buffer.getWidth(),
                        buffer.getHeight(),
                        buffer.getDataY(),
                        buffer.getStrideY(),
                        buffer.getDataU(),
                        buffer.getStrideU(),
                        buffer.getDataV(),
                        buffer.getStrideV()));
            } finally {
                if (buffer != frame.buffer) {
                    buffer.release();
                }
            }
        } finally {
            frame.release();
        }
    }

    /** Waits (bounded) until most of the newest frame is {@code colour}; returns the share it reached. */
    private double awaitShare(StreamingClient client, Color colour) {
        long deadline = System.nanoTime() + FRAMES_WAIT.toNanos();
        double share;
        while ((share = share(colour)) < 0.6) {
            assertTrue(System.nanoTime() < deadline, "the picture does not show: " + share + " of the frame is it");
            Await.pause(Duration.ofMillis(100));
        }
        client.awaitFrames(client.received().frames() + 5, FRAMES_WAIT);
        return share;
    }

    /** The share of the newest frame's pixels (every 4th, both ways) within 40 per channel of {@code colour}. */
    private double share(Color colour) {
        I420Image image = latest.get();
        int near = 0, all = 0;
        for (int y = 0; y < image.height(); y += 4) {
            for (int x = 0; x < image.width(); x += 4) {
                int rgb = image.rgb(x, y);
                boolean close = Math.abs((rgb >> 16 & 0xff) - colour.getRed()) < 40
                        && Math.abs((rgb >> 8 & 0xff) - colour.getGreen()) < 40
                        && Math.abs((rgb & 0xff) - colour.getBlue()) < 40;
                near += close ? 1 : 0;
                all++;
            }
        }
        return (double) near / all;
    }

    private static BufferedImage solid(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, colour.getRGB());
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "no writer for " + format);
        return out.toByteArray();
    }

    /** A PNG signature and an IHDR chunk declaring the size, and nothing else: 33 bytes. */
    private static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII));
        ihdr.putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(33)
                .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
                .putInt(13)
                .put(ihdr.array())
                .putInt((int) crc.getValue())
                .array();
    }
}
