package io.magicshield.assets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The generated backgrounds that replace the room behind the person: a PNG drawn by {@link SanctumSceneGenerator}
 * at build time.
 */
public final class BackgroundScenes {
    static final String SANCTUM_FILE = "background_sanctum.png";

    private BackgroundScenes() {}

    /** A mystic courtyard at dusk: columns, lanterns and a glowing sigil in the gate behind the person; 1280x720. */
    public static byte[] sanctumPng() {
        try (InputStream in = BackgroundScenes.class.getResourceAsStream(SANCTUM_FILE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource io/magicshield/assets/" + SANCTUM_FILE
                        + " is missing: magicshield-assets generates it at build time (process-classes)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource io/magicshield/assets/" + SANCTUM_FILE, e);
        }
    }
}
