package io.magicshield.assets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShieldSpritesTest {
    private static final int SIZE = 512;

    static Stream<Arguments> shippedSprites() {
        return Stream.of(
                Arguments.of("outer clockwise", (Supplier<byte[]>) ShieldSprites::clockwisePng),
                Arguments.of("inner counter-clockwise", (Supplier<byte[]>) ShieldSprites::counterClockwisePng));
    }

    @Test
    void generatorIsDeterministicAndMatchesTheShippedSprites() {
        assertArrayEquals(ShieldSpriteGenerator.outerClockwisePng(), ShieldSpriteGenerator.outerClockwisePng());
        assertArrayEquals(
                ShieldSpriteGenerator.innerCounterClockwisePng(), ShieldSpriteGenerator.innerCounterClockwisePng());
        assertArrayEquals(ShieldSprites.clockwisePng(), ShieldSpriteGenerator.outerClockwisePng());
        assertArrayEquals(ShieldSprites.counterClockwisePng(), ShieldSpriteGenerator.innerCounterClockwisePng());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedSprites")
    void isAn8BitRgbaPngOf512By512(String name, Supplier<byte[]> png) {
        ByteBuffer header = ByteBuffer.wrap(png.get());
        assertEquals(0x89504E47_0D0A1A0AL, header.getLong(0), "PNG signature");
        assertEquals(0x49484452, header.getInt(12), "IHDR chunk first");
        assertEquals(SIZE, header.getInt(16), "width");
        assertEquals(SIZE, header.getInt(20), "height");
        assertEquals(8, header.get(24), "bit depth");
        assertEquals(6, header.get(25), "colour type 6 = RGBA");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedSprites")
    void cornersAreFullyTransparent(String name, Supplier<byte[]> png) throws IOException {
        int[] alpha = alpha(decode(png.get()));
        for (int corner : new int[] {0, SIZE - 1, SIZE * (SIZE - 1), SIZE * SIZE - 1}) {
            assertEquals(0, alpha[corner], "alpha at corner pixel " + corner);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedSprites")
    void alphaIsAGradedGlowOverASensibleArea(String name, Supplier<byte[]> png) throws IOException {
        int[] alpha = alpha(decode(png.get()));
        long levels = Arrays.stream(alpha).distinct().count();
        double covered = Arrays.stream(alpha).filter(a -> a > 0).count() / (double) alpha.length;
        assertTrue(levels > 50, "distinct alpha levels: " + levels);
        assertTrue(covered >= 0.10 && covered <= 0.60, "fraction of pixels with alpha > 0: " + covered);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedSprites")
    void opaquePixelsAreWarmGold(String name, Supplier<byte[]> png) throws IOException {
        BufferedImage sprite = decode(png.get());
        long red = 0;
        long green = 0;
        long blue = 0;
        long count = 0;
        for (int argb : sprite.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE)) {
            if (argb >>> 24 >= 200) {
                red += (argb >> 16) & 0xff;
                green += (argb >> 8) & 0xff;
                blue += argb & 0xff;
                count++;
            }
        }
        assertTrue(count > 1000, "opaque pixels: " + count);
        assertTrue(
                red >= green && green >= blue,
                "mean R, G, B: " + red / count + ", " + green / count + ", " + blue / count);
        assertTrue(red / count >= 230, "mean R: " + red / count);
    }

    @Test
    void theTwoSpritesNestIntoOneShield() throws IOException {
        int[] outer = alpha(decode(ShieldSprites.clockwisePng()));
        int[] inner = alpha(decode(ShieldSprites.counterClockwisePng()));
        assertFalse(Arrays.equals(outer, inner));
        for (int i = 0; i < SIZE * SIZE; i++) {
            double radius = Math.hypot(i % SIZE + 0.5 - SIZE / 2.0, i / SIZE + 0.5 - SIZE / 2.0);
            if (radius < 140) {
                assertEquals(0, outer[i], "the outer ring leaves the middle to the inner star, radius " + radius);
            } else if (radius > 175) {
                assertEquals(0, inner[i], "the inner star stays inside the outer ring, radius " + radius);
            }
        }
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static int[] alpha(BufferedImage sprite) {
        return Arrays.stream(sprite.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE))
                .map(argb -> argb >>> 24)
                .toArray();
    }
}
