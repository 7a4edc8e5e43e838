package io.magicshield.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy defaults = new OriginPolicy(List.of(), true);

    @Test
    void sameOriginIsAllowed() {
        assertTrue(defaults.allows("https://shield.example.com", "shield.example.com"));
        assertTrue(defaults.allows("https://shield.example.com", "shield.example.com:443"));
        assertTrue(defaults.allows("http://shield.example.com:8080", "shield.example.com:8080"));
        assertFalse(defaults.allows("http://shield.example.com:8081", "shield.example.com:8080"));
        assertFalse(defaults.allows("https://evil.example.net", "shield.example.com"));
    }

    @Test
    void loopbackPagesAreAllowedUnlessTurnedOff() {
        assertTrue(defaults.allows("http://localhost:3000", "shield.example.com"));
        assertTrue(defaults.allows("http://127.0.0.1:8080", "localhost:8080"));
        assertTrue(defaults.allows("http://[::1]:8080", "localhost:8080"));
        OriginPolicy strict = new OriginPolicy(List.of(), false);
        assertFalse(strict.allows("http://localhost:3000", "shield.example.com"));
        assertTrue(strict.allows("http://localhost:8080", "localhost:8080"));
    }

    @Test
    void listedOriginsAndWildcard() {
        OriginPolicy listed = new OriginPolicy(List.of("https://Kiosk.example.org/"), false);
        assertTrue(listed.allows("https://kiosk.example.org", "shield.example.com"));
        assertFalse(listed.allows("https://other.example.org", "shield.example.com"));
        assertTrue(new OriginPolicy(List.of("*"), false).allows("https://any.example", "shield.example.com"));
    }

    @Test
    void opaqueOriginsAreRefusedAndNonBrowsersAllowed() {
        assertFalse(defaults.allows("null", "localhost:8080"));
        assertFalse(defaults.allows("file://", "localhost:8080"));
        assertTrue(defaults.allows(null, "localhost:8080"));
    }
}
