package io.magicshield.signaling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.core.BackgroundPicture;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Every check of an upload, on pictures made here: the good ones decode to their pixels, the others are refused. */
class BackgroundImageDecoderTest {

    private static final int MAX_BYTES = 64 * 1024;
    private final BackgroundImageDecoder decoder =
            new BackgroundImageDecoder(new BackgroundImageLimits(MAX_BYTES, 1000L * 1000));

    @Test
    void aPngDecodesToItsPixels() throws Exception {
        BackgroundPicture picture = decoder.decode(encode(picture(40, 30), "png"));
        assertEquals(40, picture.width());
        assertEquals(30, picture.height());
        // the pixel at (x, y) is R = 5x, G = 7y, B = 99; BGR in rows
        int i = 3 * (12 * 40 + 33);
        assertArrayEquals(
                new byte[] {99, (byte) (7 * 12), (byte) (5 * 33)}, Arrays.copyOfRange(picture.bgr(), i, i + 3));
    }

    @Test
    void aJpegDecodesToAboutItsPixels() throws Exception {
        BackgroundPicture picture = decoder.decode(encode(picture(64, 48), "jpeg"));
        assertEquals(64, picture.width());
        assertEquals(48, picture.height());
        int i = 3 * (20 * 64 + 30);
        assertEquals(99, picture.bgr()[i] & 0xff, 12); // lossy
        assertEquals(7 * 20, picture.bgr()[i + 1] & 0xff, 12);
        assertEquals(5 * 30, picture.bgr()[i + 2] & 0xff, 12);
    }

    @Test
    void aFileOverTheByteLimitIsRefused() {
        byte[] big = Arrays.copyOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, MAX_BYTES + 1);
        assertRefused(big, "the file is 65537 bytes; at most 65536");
    }

    @Test
    void otherTypesAreRefusedByTheirMagicBytes() throws Exception {
        assertRefused(encode(picture(40, 30), "gif"), "not a PNG or JPEG");
        assertRefused(encode(picture(40, 30), "bmp"), "not a PNG or JPEG");
        assertRefused(
                "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8), "not a PNG or JPEG");
        assertRefused(new byte[0], "not a PNG or JPEG");
    }

    @Test
    void truncatedFilesAreRefused() throws Exception {
        byte[] png = encode(picture(200, 150), "png");
        byte[] jpeg = encode(picture(200, 150), "jpeg");
        assertRefused(Arrays.copyOf(png, png.length / 2), "PNG file");
        assertRefused(Arrays.copyOf(jpeg, jpeg.length / 2), "JPEG file");
        assertRefused(Arrays.copyOf(png, 12), "PNG file"); // the signature and half a chunk header
        assertRefused(Arrays.copyOf(jpeg, 3), "JPEG file");
    }

    @Test
    void corruptDataIsRefused() throws Exception {
        byte[] png = encode(picture(200, 150), "png");
        for (int i = png.length / 2; i < png.length / 2 + 64; i++) {
            png[i] ^= 0x5a; // inside the compressed pixels: a CRC and inflate error
        }
        assertRefused(png, "PNG file");
        byte[] jpeg = encode(picture(200, 150), "jpeg");
        for (int i = jpeg.length / 2; i < jpeg.length / 2 + 64; i++) {
            jpeg[i] = (byte) 0xff; // markers in the entropy-coded data
        }
        assertRefused(jpeg, "JPEG file");
    }

    @Test
    void hugeDeclaredDimensionsInATinyFileAreRefusedFromTheHeader() {
        // 100000 x 100000 would be 30 GB of pixels: refused from the header, before any is allocated
        assertRefused(pngHeader(100_000, 100_000), "100000x100000; at most 1000000 pixels");
        assertRefused(jpegHeader(60_000, 60_000), "60000x60000; at most 1000000 pixels");
        // within the side limit but over the pixel cap
        assertRefused(pngHeader(1001, 1000), "1001x1000; at most 1000000 pixels");
    }

    @Test
    void picturesUnderSixteenPixelsASideAreRefused() throws Exception {
        assertRefused(encode(picture(15, 40), "png"), "15x40; at least 16");
        assertRefused(encode(picture(40, 8), "jpeg"), "40x8; at least 16");
    }

    private void assertRefused(byte[] file, String reason) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> decoder.decode(file));
        assertEquals(ErrorCode.IMAGE_REFUSED, e.code());
        assertTrue(e.getMessage().contains(reason), e.getMessage() + " does not say " + reason);
    }

    private static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ((5 * x & 0xff) << 16) | ((7 * y & 0xff) << 8) | 99);
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "no writer for " + format);
        return out.toByteArray();
    }

    /** A PNG signature and an IHDR chunk (with its CRC) declaring the size, and nothing else: 33 bytes. */
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
        return ByteBuffer.allocate(8 + 4 + 17 + 4)
                .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
                .putInt(13)
                .put(ihdr.array())
                .putInt((int) crc.getValue())
                .array();
    }

    /** SOI, a baseline SOF0 for a 3-component picture of the size and the start of a scan, and no data: 35 bytes. */
    private static byte[] jpegHeader(int width, int height) {
        return ByteBuffer.allocate(2 + 2 + 17 + 2 + 12)
                .put(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xc0})
                .putShort((short) 17)
                .put((byte) 8)
                .putShort((short) height)
                .putShort((short) width)
                .put((byte) 3)
                .put(new byte[] {1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1})
                .put(new byte[] {(byte) 0xff, (byte) 0xda, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0})
                .array();
    }
}
