package io.magicshield.it;

import static io.magicshield.it.signaling.ClientMessages.start;
import static io.magicshield.it.signaling.ClientMessages.stop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.core.EffectOption;
import io.magicshield.it.signaling.SignalingClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /effect-options}: the page's controls come from the option table with this server's configured
 * defaults, the same defaults a session starts with; nothing but GET and HEAD is answered, and odd requests get a
 * clear status.
 */
class EffectOptionsIT extends ServerTest {

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of("magicshield.effect.open-threshold", "0.6", "magicshield.effect.fade-ms", "300"));
    }

    @Test
    void theTableWithTheConfiguredDefaultsIsWhatASessionStartsWith() {
        HttpResponse<String> response = get("effect-options");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonArray rows = Json.createReader(new StringReader(response.body()))
                .readObject()
                .getJsonArray("options");
        assertEquals(EffectOption.values().length, rows.size());
        JsonObject openThreshold = rows.getJsonObject(EffectOption.OPEN_THRESHOLD.ordinal());
        assertEquals("openThreshold", openThreshold.getString("name"));
        assertEquals(0.6, openThreshold.getJsonNumber("default").doubleValue(), "the configured default");
        assertEquals(
                300.0,
                rows.getJsonObject(EffectOption.FADE_MS.ordinal())
                        .getJsonNumber("default")
                        .doubleValue());
        try (SignalingClient client = SignalingClient.connect(SIGNALING)) {
            client.send(start());
            JsonObject inForce = client.await("ready").getJsonObject("options");
            System.out.println("[options] /effect-options and ready agree: " + inForce);
            for (int i = 0; i < rows.size(); i++) {
                JsonObject row = rows.getJsonObject(i);
                assertEquals(row.get("default"), inForce.get(row.getString("name")), row.getString("name"));
            }
            client.send(stop());
            client.await("ended");
        }
    }

    @Test
    void hostileRequestsGetAClearStatusAndChangeNothing() {
        String before = get("effect-options").body();
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(BASE.resolve("effect-options"))
                    .method(method, HttpRequest.BodyPublishers.ofString("{\"options\":[]}")));
            assertEquals(405, response.statusCode(), method);
        }
        // A method the servlet API does not know: "not implemented", still no change.
        assertEquals(
                501,
                send(HttpRequest.newBuilder(BASE.resolve("effect-options"))
                                .method("PATCH", HttpRequest.BodyPublishers.ofString("{}")))
                        .statusCode());
        assertEquals(
                200,
                send(HttpRequest.newBuilder(BASE.resolve("effect-options"))
                                .method("HEAD", HttpRequest.BodyPublishers.noBody()))
                        .statusCode());
        HttpResponse<String> query = get("effect-options?openThreshold=9&name=%3Cscript%3E&" + "x=".repeat(500));
        assertEquals(200, query.statusCode(), "a query is ignored");
        assertEquals(before, query.body());
        int traversal = get("effect-options/../../etc/passwd").statusCode();
        assertTrue(traversal == 400 || traversal == 404, "a path above the root: " + traversal);
        assertEquals(404, get("effect-options/extra").statusCode());
        assertEquals(before, get("effect-options").body(), "nothing changed the table");
    }
}
