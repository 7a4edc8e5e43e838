package io.magicshield.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private static final TrustedProxies BALANCER = new TrustedProxies(Set.of("10.0.0.10"));

    @Test
    void aTrustedProxysForwardedForNamesTheClient() {
        assertEquals("203.0.113.7", BALANCER.client("10.0.0.10", "203.0.113.7"));
        assertEquals("2001:db8::7", BALANCER.client("10.0.0.10", "2001:db8::7"));
        assertEquals("::ffff:203.0.113.7", BALANCER.client("10.0.0.10", " ::ffff:203.0.113.7 "));
    }

    @Test
    void onlyTheElementTheProxyAddedCounts() {
        // the client may send any X-Forwarded-For of its own; the proxy appends the address it saw
        assertEquals("203.0.113.7", BALANCER.client("10.0.0.10", "198.51.100.1, 203.0.113.7"));
    }

    @Test
    void anyoneElsesForwardedForIsIgnored() {
        assertEquals("203.0.113.9", BALANCER.client("203.0.113.9", "198.51.100.1"));
        assertEquals("203.0.113.9", new TrustedProxies(Set.of()).client("203.0.113.9", "198.51.100.1"));
        assertEquals("10.0.0.10", BALANCER.client("10.0.0.10", null));
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
            assertEquals("10.0.0.10", BALANCER.client("10.0.0.10", hostile), hostile);
        }
    }

    @Test
    void anHttpRequestsForwardedForLinesAreReadTogether() {
        // a client's own header line first, the proxy's appended as a line of its own: the proxy's is the last
        assertEquals("203.0.113.7", BALANCER.client(request("10.0.0.10", "198.51.100.1", "203.0.113.7")));
        assertEquals("10.0.0.10", BALANCER.client(request("10.0.0.10")));
        assertEquals("203.0.113.9", BALANCER.client(request("203.0.113.9", "198.51.100.1")));
    }

    /** A request from {@code peer} with these X-Forwarded-For lines: what the servlet container gives. */
    private static HttpServletRequest request(String peer, String... forwardedFor) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> peer;
                    case "getHeaders" ->
                        "X-Forwarded-For".equalsIgnoreCase((String) args[0])
                                ? Collections.enumeration(List.of(forwardedFor))
                                : Collections.emptyEnumeration();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
