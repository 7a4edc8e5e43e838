package io.magicshield.assets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class BackgroundScenesTest {

    private static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
    }

    @Test
    void shippedSceneIsTheGeneratorsAndTheGeneratorIsDeterministic() {
        byte[] generated = SanctumSceneGenerator.sanctumPng();
        assertArrayEquals(generated, SanctumSceneGenerator.sanctumPng());
        assertArrayEquals(generated, BackgroundScenes.sanctumPng());
    }

    @Test
    void sceneIsAWideDuskWithALitGateBehindThePerson() throws IOException {
        BufferedImage scene = decode(BackgroundScenes.sanctumPng());
        assertEquals(SanctumSceneGenerator.WIDTH, scene.getWidth());
        assertEquals(SanctumSceneGenerator.HEIGHT, scene.getHeight());
        int w = scene.getWidth();
        int h = scene.getHeight();
        // Dusk: the sky is dark and blue-violet at the top, warmer and brighter near the horizon.
        int top = scene.getRGB(w / 4, 8);
        int low = scene.getRGB(w / 8, (int) (0.45 * h));
        assertTrue(luma(top) < 40, "top of the sky should be dark: " + Integer.toHexString(top));
        assertTrue((top & 0xff) > ((top >> 16) & 0xff), "top of the sky should be bluer than red");
        assertTrue(((low >> 16) & 0xff) > ((top >> 16) & 0xff) + 30, "the sky should warm towards the horizon");
        // The gate's sigil glows in the middle, where a person's head is: brighter than the sky beside it.
        double gate = 0;
        for (int dy = -40; dy <= 40; dy += 4) {
            for (int dx = -40; dx <= 40; dx += 4) {
                gate = Math.max(gate, luma(scene.getRGB(w / 2 + dx, (int) (0.37 * h) + dy)));
            }
        }
        assertTrue(gate > 150, "the gate's light should be bright, was " + gate);
    }
}
