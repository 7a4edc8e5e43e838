package io.magicshield.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SecurityHeadersTest {

    /** Headers as a response keeps them: names case-insensitive, a second set replaces. */
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private final AtomicBoolean passedOn = new AtomicBoolean();

    private HttpServletRequest request(boolean secure) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isSecure" -> secure;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private HttpServletResponse response() {
        return (HttpServletResponse) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private void filter(boolean secure) throws Exception {
        FilterChain chain = (request, response) -> {
            assertFalse(passedOn.getAndSet(true), "passed on once");
            // the headers are set before the page is written, so they are there whatever it writes
            assertEquals(SecurityHeaders.ALWAYS.size() + (secure ? 1 : 0), headers.size());
        };
        new SecurityHeaders().doFilter(request(secure), response(), chain);
        assertTrue(passedOn.get());
    }

    @Test
    void everyResponseGetsThePolicies() throws Exception {
        filter(false);
        String csp = headers.get("Content-Security-Policy");
        assertEquals(
                "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; "
                        + "object-src 'none'",
                csp);
        assertFalse(csp.contains("unsafe"), csp);
        assertFalse(csp.contains("data:") || csp.contains("blob:") || csp.contains("*"), csp);
        assertEquals("nosniff", headers.get("X-Content-Type-Options"));
        assertEquals("no-referrer", headers.get("Referrer-Policy"));
        assertEquals("DENY", headers.get("X-Frame-Options"));
        String permissions = headers.get("Permissions-Policy");
        assertTrue(permissions.startsWith("camera=(self), microphone=(self), geolocation=()"), permissions);
    }

    @Test
    void plainHttpGetsNoHsts() throws Exception {
        filter(false);
        assertNull(headers.get("Strict-Transport-Security"));
    }

    @Test
    void httpsGetsHsts() throws Exception {
        filter(true);
        assertEquals("max-age=31536000", headers.get("Strict-Transport-Security"));
    }
}
