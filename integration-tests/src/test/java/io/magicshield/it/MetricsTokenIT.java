package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} with {@code magicshield.metrics.token} set: only {@code Authorization: Bearer <token>} gets the
 * metrics, from 127.0.0.1 too; every other Authorization header, none, two, very long ones and the token in the query
 * string get 401 with {@code WWW-Authenticate: Bearer} and a text that names the property, never the metrics or the
 * token. The drain switch ({@code /api/drain}) takes the same token, and a single server answers it with 409: it has
 * no other node to move its sessions to.
 */
class MetricsTokenIT extends ServerTest {

    private static final String TOKEN = "it-9f2c4e1a7b3d5f60-metrics-token";
    private static final URI METRICS = BASE.resolve("metrics");

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of("magicshield.metrics.token", TOKEN));
    }

    @Test
    void theTokenGetsTheMetrics() {
        for (String scheme : List.of("Bearer", "bearer", "BEARER")) {
            HttpResponse<String> response = get(METRICS, "Authorization", scheme + " " + TOKEN);
            assertEquals(200, response.statusCode(), scheme);
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            PrometheusScrape scrape = PrometheusScrape.parse(response.body());
            assertTrue(
                    scrape.samples().containsKey("magicshield_signaling_connections"),
                    scrape.samples().keySet().toString());
        }
    }

    @Test
    void anythingElseIsUnauthorized() {
        String basic = Base64.getEncoder().encodeToString(("prometheus:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        Map<String, String[]> attempts = new LinkedHashMap<>();
        attempts.put("no header", new String[0]);
        attempts.put("empty", new String[] {"Authorization", ""});
        attempts.put("scheme only", new String[] {"Authorization", "Bearer"});
        attempts.put("no scheme", new String[] {"Authorization", TOKEN});
        attempts.put("Basic", new String[] {"Authorization", "Basic " + basic});
        attempts.put("another scheme", new String[] {"Authorization", "Token " + TOKEN});
        attempts.put("no space", new String[] {"Authorization", "Bearer" + TOKEN});
        attempts.put("wrong token", new String[] {"Authorization", "Bearer " + TOKEN.replace('9', '8')});
        attempts.put("upper case token", new String[] {"Authorization", "Bearer " + TOKEN.toUpperCase()});
        attempts.put("prefix", new String[] {"Authorization", "Bearer " + TOKEN.substring(0, TOKEN.length() - 1)});
        attempts.put("longer", new String[] {"Authorization", "Bearer " + TOKEN + "0"});
        attempts.put("two tokens in one", new String[] {"Authorization", "Bearer " + TOKEN + ", Bearer " + TOKEN});
        attempts.put("two headers", new String[] {"Authorization", "Bearer " + TOKEN, "Authorization", "Bearer x"});
        attempts.put(
                "two right headers",
                new String[] {"Authorization", "Bearer " + TOKEN, "Authorization", "Bearer " + TOKEN});
        attempts.put("8 KiB", new String[] {"Authorization", "Bearer " + "A".repeat(8 * 1024)});
        attempts.put("8 KiB after the token", new String[] {"Authorization", "Bearer " + TOKEN + "A".repeat(8 * 1024)});
        attempts.put(
                "proxy headers claiming loopback",
                new String[] {"X-Forwarded-For", "127.0.0.1", "Forwarded", "for=127.0.0.1"});
        attempts.put(
                "the token in another header",
                new String[] {"X-Authorization", "Bearer " + TOKEN, "Cookie", "token=" + TOKEN});
        attempts.forEach((what, headers) ->
                assertUnauthorized(what, headers.length == 0 ? get(METRICS) : get(METRICS, headers)));

        for (String query : List.of("?token=", "?access_token=", "?authorization=Bearer%20", "?Authorization=")) {
            assertUnauthorized("query " + query, get(BASE.resolve("metrics" + query + TOKEN)));
        }
    }

    @Test
    void theDrainSwitchTakesTheSameTokenAndNeedsAClusterNode() {
        URI drain = BASE.resolve("api/drain");
        String bearer = "Bearer " + TOKEN;
        for (String method : List.of("GET", "POST", "DELETE")) {
            for (String[] headers : List.of(
                    new String[0],
                    new String[] {"Authorization", "Bearer " + TOKEN.replace('9', '8')},
                    new String[] {"Authorization", "Basic " + TOKEN},
                    new String[] {"X-Forwarded-For", "127.0.0.1"})) {
                HttpResponse<String> refused = drainRequest(method, drain, headers);
                assertEquals(401, refused.statusCode(), method + " " + List.of(headers));
                assertTrue(refused.headers()
                        .firstValue("WWW-Authenticate")
                        .orElse("")
                        .startsWith("Bearer"));
                assertFalse(refused.body().contains(TOKEN), "never the token");
            }
        }
        // a web page's request never, even with the token (a form on any site could send it from a browser here)
        assertEquals(
                403,
                drainRequest("POST", drain, "Authorization", bearer, "Origin", ORIGIN)
                        .statusCode());
        HttpResponse<String> status = drainRequest("GET", drain, "Authorization", bearer);
        assertEquals(200, status.statusCode(), status.body());
        assertTrue(status.body().contains("\"draining\":false"), status.body());
        HttpResponse<String> begin = drainRequest("POST", drain.resolve("drain?deadline=0"), "Authorization", bearer);
        assertEquals(409, begin.statusCode(), begin.body());
        assertTrue(begin.body().contains("NOT_A_CLUSTER_NODE"), begin.body());
        assertTrue(drainRequest("GET", drain, "Authorization", bearer).body().contains("\"draining\":false"));
    }

    private static HttpResponse<String> drainRequest(String method, URI uri, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofString("x".repeat(64 * 1024)));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /**
     * Headers over the container's limits are turned away before the application sees them: over HTTP/1.1 (WildFly's
     * max-header-size, 1 MiB) with 400, over HTTP/2 (which the JDK's client upgrades to after the first request) with
     * GOAWAY. Either way no metrics, and the server answers on.
     */
    @Test
    void headersOverTheContainersLimitsAreNotServed() {
        for (int kib : new int[] {64, 2 * 1024}) {
            String filler = "A".repeat(kib * 1024);
            for (String value : List.of("Bearer " + filler, "Bearer " + TOKEN + filler)) {
                String what = kib + " KiB " + (value.contains(TOKEN) ? "after the token" : "of garbage");
                try {
                    HttpResponse<String> response = get(METRICS, "Authorization", value);
                    System.out.println("[metrics] " + what + ": " + response.statusCode());
                    assertTrue(
                            response.statusCode() >= 400 && response.statusCode() < 500,
                            what + ": " + response.statusCode());
                    assertFalse(response.body().contains("# TYPE"), what + ": no metrics");
                } catch (UncheckedIOException e) {
                    System.out.println("[metrics] " + what + ": the connection was closed (" + e.getCause() + ")");
                }
                assertEquals(
                        200, get(METRICS, "Authorization", "Bearer " + TOKEN).statusCode(), "after " + what);
            }
        }
    }

    private static void assertUnauthorized(String what, HttpResponse<String> response) {
        System.out.println("[metrics] " + what + ": " + response.statusCode() + " "
                + response.headers().firstValue("WWW-Authenticate").orElse("(no WWW-Authenticate)"));
        assertEquals(401, response.statusCode(), what);
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), what);
        assertTrue(response.body().contains("magicshield.metrics.token"), what + ": " + response.body());
        assertFalse(response.body().contains("# TYPE"), what + ": no metrics");
        assertFalse(response.body().contains(TOKEN), what + ": never the token");
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""), what);
    }
}
