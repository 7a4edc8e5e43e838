package io.magicshield.room;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Room ids: 128 bits from {@link SecureRandom}, base64url without padding (22 characters). Knowing one is what lets a
 * person into a room and play its streams over WHEP, so it must not be guessable.
 */
final class RoomIds {

    private static final int BYTES = 16;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private RoomIds() {}

    static String next() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** Whether {@code text} could be a room id at all: anything else is refused before any look-up. */
    static boolean wellFormed(String text) {
        return text != null && SHAPE.matcher(text).matches();
    }
}
