package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.browser.ChromiumBrowser;
import io.magicshield.it.browser.PageProbe;
import io.magicshield.it.browser.PatternCamera;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What anyone who can reach the port gets, with the settings as shipped: every response (the page, its scripts and
 * styles, the metrics, error pages) carries the security headers, without HSTS over http; the metrics answer
 * loopback clients only, and never a request that came through a proxy, whatever its forwarding headers claim; and
 * the page runs in Chromium under its Content-Security-Policy without a single violation, while the browser does
 * enforce it (an inline script is refused).
 */
class PublicSurfaceIT extends ServerUnderTest {

    private static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy",
                    "default-src 'self'; base-uri 'self'; form-action 'self'; "
                            + "frame-ancestors 'none'; object-src 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY");
    private static final URI METRICS = BASE.resolve("metrics");
    /** Collects the page's CSP violations from the first script on; injected by DevTools, so the CSP allows it. */
    private static final String VIOLATION_LISTENER = "window.cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation', e => window.cspViolations.push("
            + "e.effectiveDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));";

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        Map<String, Integer> expected = Map.ofEntries(
                Map.entry("", 200),
                Map.entry("index.html", 200),
                Map.entry("js/app.js", 200),
                Map.entry("js/shield-session.js", 200),
                Map.entry("js/reconnect.js", 200),
                Map.entry("js/effect-controls.js", 200),
                Map.entry("effect-options", 200),
                Map.entry("css/app.css", 200),
                Map.entry("favicon.svg", 200),
                Map.entry("room.html", 200),
                Map.entry("js/room-app.js", 200),
                Map.entry("watch.html", 200),
                Map.entry("js/watch-app.js", 200),
                Map.entry("whip", 405),
                Map.entry("api/sources", 403),
                Map.entry("api/streams", 403),
                Map.entry("room/AAAAAAAAAAAAAAAAAAAAAA", 404),
                Map.entry("api/rooms", 405),
                Map.entry("whep/AAAAAAAAAAAAAAAAAAAAAA.1", 405),
                Map.entry("metrics", 200),
                Map.entry("no-such-page", 404),
                Map.entry("js/no-such.js", 404));
        expected.forEach((path, status) -> {
            HttpResponse<String> response = get(path);
            assertEquals(status, response.statusCode(), path);
            assertSecurityHeaders("/" + path, response);
        });
        HttpResponse<String> post = send(HttpRequest.newBuilder(METRICS).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, post.statusCode());
        assertSecurityHeaders("POST /metrics", post);
        HttpResponse<String> forbidden = get(METRICS, "X-Forwarded-For", "203.0.113.9");
        assertEquals(403, forbidden.statusCode());
        assertSecurityHeaders("403 /metrics", forbidden);
    }

    @Test
    void metricsAnswerLoopbackClientsOnly() {
        HttpResponse<String> direct = get(METRICS);
        assertEquals(200, direct.statusCode());
        PrometheusScrape.parse(direct.body());
        assertEquals("no-store", direct.headers().firstValue("Cache-Control").orElse(""));

        List<String[]> proxied = List.of(
                new String[] {"X-Forwarded-For", "203.0.113.9"},
                new String[] {"X-Forwarded-For", "127.0.0.1"},
                new String[] {"Forwarded", "for=127.0.0.1"},
                new String[] {"Forwarded", "for=\"[::1]\";proto=http"},
                new String[] {"X-Real-IP", "127.0.0.1"},
                new String[] {"x-forwarded-for", ""},
                new String[] {"X-Forwarded-For", "127.0.0.1, ".repeat(700) + "127.0.0.1"});
        for (String[] header : proxied) {
            HttpResponse<String> response = get(METRICS, header);
            String what = header[0] + ": " + (header[1].length() > 40 ? header[1].length() + " chars" : header[1]);
            System.out.println("[surface] /metrics with " + what + ": " + response.statusCode());
            assertEquals(403, response.statusCode(), what);
            assertTrue(response.body().contains("loopback clients only"), response.body());
            assertTrue(response.body().contains("magicshield.metrics.token"), "says how to get access");
            assertFalse(response.body().contains("# TYPE"), "no metrics");
            assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty(), "no token to send");
        }
        // a bearer header does not open the loopback rule when no token is configured
        assertEquals(
                403,
                get(METRICS, "X-Forwarded-For", "203.0.113.9", "Authorization", "Bearer " + "0123456789abcdef0123")
                        .statusCode());
    }

    @Test
    void thePageRunsUnderItsPolicyInChromium() throws Exception {
        try (ChromiumBrowser browser = new ChromiumBrowser(PatternCamera.file(), PatternCamera.workDir())) {
            ChromeDriver driver = browser.driver();
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", VIOLATION_LISTENER));
            driver.get(BASE + "?autostart");
            PageProbe.Sample live = new PageProbe(driver)
                    .await(
                            s -> "live".equals(s.state()) && s.remoteSize() != null || "error".equals(s.state()),
                            Duration.ofSeconds(30));
            Object violations = driver.executeScript("return window.cspViolations;");
            System.out.println("[surface] Chromium on " + BASE + "?autostart: state " + live.state() + ", remote video "
                    + live.remoteSize() + ", banner " + live.banner() + ", CSP violations " + violations);
            assertEquals("live", live.state(), "the session runs: scripts, styles, the WebSocket and the videos");
            assertEquals(List.of(), violations);

            // the policy is enforced, not just sent: an inline script the page did not have is refused
            Object ran = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "const script = document.createElement('script');"
                    + "script.textContent = 'window.inlineRan = true;';"
                    + "document.head.appendChild(script);"
                    + "setTimeout(() => done(window.inlineRan === true), 500);");
            Object after = driver.executeScript("return window.cspViolations;");
            System.out.println("[surface] an injected inline script ran: " + ran + "; violations " + after);
            assertEquals(Boolean.FALSE, ran);
            assertTrue(after.toString().contains("script-src-elem"), String.valueOf(after));
        }
    }

    private static void assertSecurityHeaders(String what, HttpResponse<String> response) {
        HEADERS.forEach((name, value) ->
                assertEquals(value, response.headers().firstValue(name).orElse(null), what + ": " + name));
        String permissions = response.headers().firstValue("Permissions-Policy").orElse("");
        assertTrue(
                permissions.startsWith("camera=(self), microphone=(self), geolocation=()"), what + ": " + permissions);
        assertTrue(response.headers().firstValue("Strict-Transport-Security").isEmpty(), what + ": no HSTS on http");
    }
}
