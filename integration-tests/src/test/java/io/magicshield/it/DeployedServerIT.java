package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.signaling.SignalingClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;

/** The WAR deploys on the provisioned WildFly and its HTTP and WebSocket endpoints answer. */
class DeployedServerIT extends ServerUnderTest {

    @ArquillianResource
    URL deploymentUrl;

    @Test
    void warIsDeployedAtTheRootOfTheLoopbackAddress() {
        System.out.println("[deploy] Arquillian deployment URL: " + deploymentUrl);
        assertEquals(BASE.toString(), deploymentUrl.toString());
    }

    @Test
    void pageAndItsScriptsAreServedLocally() {
        HttpResponse<String> page = get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<video id=\"remote\""), "the processed video element");
        assertFalse(page.body().matches("(?s).*(src|href)=\"(https?:)?//.*"), "no file from another host (CDN)");
        for (String script : new String[] {
            "js/app.js",
            "js/shield-session.js",
            "js/chart.js",
            "js/effect-controls.js",
            "js/link-quality.js",
            "js/reconnect.js"
        }) {
            HttpResponse<String> js = get(script);
            assertEquals(200, js.statusCode(), script);
            assertTrue(js.headers().firstValue("Content-Type").orElse("").contains("javascript"), script);
            assertFalse(js.body().matches("(?s).*import[^;]*from\\s*['\"](https?:)?//.*"), script + " imports locally");
        }
        assertEquals(404, get("no-such-page.html").statusCode());
    }

    @Test
    void metricsAreInPrometheusTextFormat() {
        HttpResponse<String> response = get("metrics");
        assertEquals(200, response.statusCode());
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("text/plain") && type.contains("version=0.0.4"), "Prometheus text 0.0.4: " + type);
        PrometheusScrape scrape = PrometheusScrape.parse(response.body()); // fails on any malformed line
        System.out.println("[deploy] /metrics: " + scrape.samples().size() + " samples");
        for (String family : new String[] {
            "magicshield_sessions_active",
            "magicshield_sessions_started_total",
            "magicshield_frames_received_total",
            "magicshield_frames_processed_total",
            "magicshield_frames_with_shield_total",
            "magicshield_frames_dropped_total",
            "magicshield_frame_processing_seconds_count",
            "magicshield_system_cpu_load",
            "magicshield_session_slots_in_use",
            "magicshield_peers_open",
            "magicshield_effect_processors_open",
            "magicshield_signaling_connections",
            "magicshield_native_frame_buffers_held",
            "magicshield_frames_released_total",
            "magicshield_output_buffers_allocated_total",
            "magicshield_output_buffers_released_total",
            "process_threads",
            "process_resident_memory_bytes",
            "jvm_threads_current",
            "jvm_heap_committed_bytes"
        }) {
            assertTrue(scrape.value(family) >= 0, family);
        }
        assertTrue(
                scrape.samples().keySet().stream()
                        .anyMatch(s -> s.startsWith("magicshield_frame_processing_seconds_bucket{le=")),
                "histogram buckets");
    }

    @Test
    void readinessIsUpWithTheEffectCoreAndWebRtc() {
        HttpResponse<String> response = get(READINESS);
        System.out.println("[deploy] readiness: " + response.body());
        assertEquals(200, response.statusCode());
        JsonObject health;
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            health = reader.readObject();
        }
        assertEquals("UP", health.getString("status"));
        JsonObject check = health.getJsonArray("checks").stream()
                .map(v -> v.asJsonObject())
                .filter(c -> c.getString("name").equals("magicshield"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no magicshield check in " + health));
        assertEquals("UP", check.getString("status"));
        assertEquals("up", check.getJsonObject("data").getString("webrtc"));
        String effect = check.getJsonObject("data").getString("effect");
        // The default engine, from org.bytedeco:tensorflow-lite in the io.magicshield module (JavaCPP extracts it).
        assertTrue(effect.contains("inference engine: tflite (XNNPACK"), "the models run on TFLite: " + effect);
    }

    /**
     * The issue asked for a Galleon-provisioned server with only the layers needed; Galleon cannot resolve here
     * (wildfly.md), so the server is the full distribution. What matters is that WebSockets are provisioned: the
     * handshake to the signaling endpoint must succeed (HTTP 101, checked by the JDK's client).
     */
    @Test
    void webSocketSupportIsProvisioned() {
        try (SignalingClient socket = SignalingClient.connect(SIGNALING)) {
            assertTrue(socket.isOpen(), "the WebSocket handshake to /ws/signal succeeded");
        }
    }
}
