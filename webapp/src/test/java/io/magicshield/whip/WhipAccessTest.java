package io.magicshield.whip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.whip.WhipAccess.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhipAccessTest {

    private static final String TOKEN = "0123456789abcdef0123";
    private static final String SECRET = "a-secret-of-twenty-chars";
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

    private static List<String> bearer(String token) {
        return List.of("Bearer " + token);
    }

    @Test
    void aListedTokenPublishesAndAnyOtherDoesNot() {
        WhipAccess access = new WhipAccess(List.of("another-token-0000000", TOKEN), null);

        assertEquals(Verdict.ALLOWED, access.check(bearer(TOKEN), NOW));
        assertEquals(Verdict.ALLOWED, access.check(List.of("bearer " + TOKEN), NOW), "the scheme is case-blind");
        assertEquals(Verdict.INVALID, access.check(bearer(TOKEN + "x"), NOW));
        assertEquals(Verdict.INVALID, access.check(bearer(TOKEN.substring(1)), NOW));
        assertEquals(Verdict.MISSING, access.check(List.of(), NOW));
        assertEquals(Verdict.MISSING, access.check(List.of("Basic " + TOKEN), NOW));
        assertEquals(Verdict.MISSING, access.check(List.of("Bearer " + TOKEN, "Bearer " + TOKEN), NOW));
    }

    @Test
    void aSignedTokenPublishesUntilItsExpiry() {
        WhipAccess access = new WhipAccess(List.of(), SECRET);
        long expiry = NOW.getEpochSecond() + 60;
        String token = WhipAccess.signed(SECRET, expiry);

        assertEquals(Verdict.ALLOWED, access.check(bearer(token), NOW));
        assertEquals(Verdict.EXPIRED, access.check(bearer(token), Instant.ofEpochSecond(expiry)));
    }

    @Test
    void aForgedOrAlteredSignedTokenIsInvalid() {
        WhipAccess access = new WhipAccess(List.of(), SECRET);
        long expiry = NOW.getEpochSecond() + 60;
        String token = WhipAccess.signed(SECRET, expiry);
        String signature = token.substring(token.indexOf('.') + 1);

        assertEquals(Verdict.INVALID, access.check(bearer(WhipAccess.signed("another-secret-of-20", expiry)), NOW));
        // a later expiry with the old signature: the expiry is signed
        assertEquals(Verdict.INVALID, access.check(bearer((expiry + 3600) + "." + signature), NOW));
        assertEquals(Verdict.INVALID, access.check(bearer(expiry + "."), NOW));
        assertEquals(Verdict.INVALID, access.check(bearer("99999999999999999999." + signature), NOW));
        assertEquals(Verdict.INVALID, access.check(bearer("x".repeat(10_000)), NOW));
        // the same signed token is worth nothing where no secret is configured
        assertEquals(Verdict.INVALID, new WhipAccess(List.of(TOKEN), null).check(bearer(token), NOW));
    }

    @Test
    void withoutTokensOrSecretNobodyPublishes() {
        WhipAccess off = new WhipAccess(List.of(), null);

        assertFalse(off.enabled());
        assertEquals(Verdict.DISABLED, off.check(bearer(TOKEN), NOW));
    }

    @Test
    void shortOrMalformedTokensAndSecretsFailTheConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new WhipAccess(List.of("short"), null));
        assertThrows(IllegalArgumentException.class, () -> new WhipAccess(List.of("has a space in it 0123"), null));
        assertThrows(IllegalArgumentException.class, () -> new WhipAccess(List.of(), "short"));
    }

    @Test
    void itsTextNamesNoTokenAndNoSecret() {
        String text = new WhipAccess(List.of(TOKEN), SECRET).toString();

        assertFalse(text.contains(TOKEN), text);
        assertFalse(text.contains(SECRET), text);
        assertTrue(text.contains("1 tokens"), text);
    }
}
