package io.magicshield.metrics;

import static io.magicshield.metrics.MetricsAccess.Decision.ALLOWED;
import static io.magicshield.metrics.MetricsAccess.Decision.FORBIDDEN;
import static io.magicshield.metrics.MetricsAccess.Decision.UNAUTHORIZED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsAccessTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final MetricsAccess WITH_TOKEN = new MetricsAccess(TOKEN);
    private static final MetricsAccess LOOPBACK_ONLY = new MetricsAccess(null);

    private static MetricsAccess.Decision withAuthorization(String... headers) {
        return WITH_TOKEN.decide(List.of(headers), "203.0.113.7", false);
    }

    @Test
    void theRightBearerTokenIsLetInFromAnywhere() {
        assertEquals(ALLOWED, withAuthorization("Bearer " + TOKEN));
        assertEquals(ALLOWED, withAuthorization("bearer " + TOKEN), "the scheme is case-insensitive (RFC 7235)");
        assertEquals(ALLOWED, withAuthorization("BEARER   " + TOKEN));
        assertEquals(ALLOWED, WITH_TOKEN.decide(List.of("Bearer " + TOKEN), "127.0.0.1", true));
    }

    @Test
    void anythingButTheTokenIsUnauthorized() {
        assertEquals(UNAUTHORIZED, withAuthorization());
        assertEquals(UNAUTHORIZED, WITH_TOKEN.decide(List.of(), "127.0.0.1", false), "loopback needs it too");
        assertEquals(UNAUTHORIZED, withAuthorization(""));
        assertEquals(UNAUTHORIZED, withAuthorization("Bearer"));
        assertEquals(UNAUTHORIZED, withAuthorization("Bearer "));
        assertEquals(UNAUTHORIZED, withAuthorization(TOKEN), "no scheme");
        assertEquals(UNAUTHORIZED, withAuthorization("Basic " + TOKEN));
        assertEquals(UNAUTHORIZED, withAuthorization("Bearer" + TOKEN), "no space after the scheme");
        assertEquals(UNAUTHORIZED, withAuthorization("Bearer\t" + TOKEN));
        assertEquals(UNAUTHORIZED, withAuthorization("Bearer \t" + TOKEN), "only spaces separate scheme and token");
        assertEquals(UNAUTHORIZED, withAuthorization("Bearer " + TOKEN.toUpperCase()), "the token is case-sensitive");
        assertEquals(UNAUTHORIZED, withAuthorization("Bearer " + TOKEN.substring(1)));
        assertEquals(UNAUTHORIZED, withAuthorization("Bearer " + TOKEN + "0"));
        assertEquals(UNAUTHORIZED, withAuthorization("Bearer " + TOKEN + " "));
        assertEquals(UNAUTHORIZED, withAuthorization("Bearer " + TOKEN + "," + TOKEN));
        assertEquals(UNAUTHORIZED, withAuthorization("Bearer " + "x".repeat(1_000_000)));
        assertEquals(
                UNAUTHORIZED,
                withAuthorization("Bearer " + TOKEN, "Bearer wrong-token-wrong-token"),
                "two Authorization headers are ambiguous");
        assertEquals(UNAUTHORIZED, withAuthorization("Bearer " + TOKEN, "Bearer " + TOKEN));
    }

    @Test
    void withoutATokenOnlyLoopbackClientsAreServed() {
        for (String loopback : List.of("127.0.0.1", "127.255.255.254", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1")) {
            assertEquals(ALLOWED, LOOPBACK_ONLY.decide(List.of(), loopback, false), loopback);
        }
        for (String other : List.of(
                "10.0.0.1",
                "192.168.1.20",
                "203.0.113.7",
                "128.0.0.1",
                "::2",
                "fe80::1",
                "::ffff:10.0.0.1",
                "0.0.0.0",
                "::")) {
            assertEquals(FORBIDDEN, LOOPBACK_ONLY.decide(List.of(), other, false), other);
        }
    }

    @Test
    void aForwardedRequestIsNotALoopbackClient() {
        assertEquals(FORBIDDEN, LOOPBACK_ONLY.decide(List.of(), "127.0.0.1", true));
    }

    @Test
    void aBearerTokenDoesNotOpenTheLoopbackRule() {
        assertEquals(FORBIDDEN, LOOPBACK_ONLY.decide(List.of("Bearer " + TOKEN), "10.0.0.1", false));
    }

    @Test
    void onlyLiteralLoopbackAddressesCount() {
        assertTrue(MetricsAccess.isLoopback("127.0.0.1"));
        assertFalse(MetricsAccess.isLoopback("localhost"), "a name is never resolved");
        assertFalse(MetricsAccess.isLoopback("127.0.0.1.example.com"));
        assertFalse(MetricsAccess.isLoopback("127.1"));
        assertFalse(MetricsAccess.isLoopback("127.0.0.1 "));
        assertFalse(MetricsAccess.isLoopback("999.0.0.1"));
        assertFalse(MetricsAccess.isLoopback(":::1"));
        assertFalse(MetricsAccess.isLoopback(""));
        assertFalse(MetricsAccess.isLoopback(null));
        assertFalse(MetricsAccess.isLoopback("unknown"));
    }

    @Test
    void aWeakOrMalformedTokenIsRefusedAtDeployment() {
        for (String bad : List.of(
                "short",
                "x".repeat(15),
                "has space in it 0123456789",
                "line\nbreak0123456789abc",
                "quote\"0123456789abcdef",
                "ünïcödé0123456789abcdef",
                "==0123456789abcdef")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> new MetricsAccess(bad), bad);
            assertFalse(e.getMessage().contains(bad), "the message must not repeat the secret: " + e.getMessage());
        }
        new MetricsAccess("abcdefghijklmnop"); // 16 characters
        new MetricsAccess("AZaz09-._~+/abcdef=="); // every b64token character, padding
    }

    @Test
    void theTokenIsNeverPrinted() {
        assertFalse(WITH_TOKEN.toString().contains(TOKEN), WITH_TOKEN.toString());
        assertEquals("metrics: bearer token", WITH_TOKEN.toString());
        assertEquals("metrics: loopback clients only", LOOPBACK_ONLY.toString());
    }
}
