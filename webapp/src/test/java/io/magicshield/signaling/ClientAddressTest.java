package io.magicshield.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private static final Set<String> BALANCER = Set.of("10.0.0.10");

    @Test
    void aTrustedProxysForwardedForNamesTheClient() {
        assertEquals("203.0.113.7", ClientAddress.behind("10.0.0.10", "203.0.113.7", BALANCER));
        assertEquals("2001:db8::7", ClientAddress.behind("10.0.0.10", "2001:db8::7", BALANCER));
        assertEquals("::ffff:203.0.113.7", ClientAddress.behind("10.0.0.10", " ::ffff:203.0.113.7 ", BALANCER));
    }

    @Test
    void onlyTheElementTheProxyAddedCounts() {
        // the client may send any X-Forwarded-For of its own; the proxy appends the address it saw
        assertEquals("203.0.113.7", ClientAddress.behind("10.0.0.10", "198.51.100.1, 203.0.113.7", BALANCER));
    }

    @Test
    void anyoneElsesForwardedForIsIgnored() {
        assertEquals("203.0.113.9", ClientAddress.behind("203.0.113.9", "198.51.100.1", BALANCER));
        assertEquals("203.0.113.9", ClientAddress.behind("203.0.113.9", "198.51.100.1", Set.of()));
        assertEquals("10.0.0.10", ClientAddress.behind("10.0.0.10", null, BALANCER));
    }

    @Test
    void aForwardedForThatIsNoAddressLeavesThePeer() {
        for (String hostile : new String[] {
            "",
            ",",
            "unknown",
            "evil.example.com",
            "203.0.113.7:443",
            "deadbeef",
            "1.2.3.4.5",
            "a".repeat(10_000),
            "2001:db8::" + "1".repeat(60),
            "203.0.113.7; DROP"
        }) {
            assertEquals("10.0.0.10", ClientAddress.behind("10.0.0.10", hostile, BALANCER), hostile);
        }
    }
}
