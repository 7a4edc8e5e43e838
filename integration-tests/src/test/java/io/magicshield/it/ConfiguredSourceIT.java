package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.rtc.WhepPlayer;
import io.magicshield.it.server.ServerResources;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * A source from the configuration ({@code magicshield.sources.urls}) starts with the deployment, plays by WHEP, and
 * holds one of the server's sessions like any camera (the player holds another); the API ends it like any.
 */
class ConfiguredSourceIT extends ServerTest {

    private static final String TOKEN = "configured-source-token-0123";
    private static final Duration LIVE_WAIT = Duration.ofSeconds(45);

    @Deployment(testable = false)
    static WebArchive application() {
        Path hands = Path.of(System.getProperty("magicshield.testdata", "../../shared/testdata/hands"))
                .toAbsolutePath()
                .normalize();
        return configuredWar(Map.of(
                "magicshield.sources.token",
                TOKEN,
                "magicshield.sources.folder",
                hands.toString(),
                "magicshield.sources.urls",
                "file:clip02.mp4"));
    }

    @Test
    void aConfiguredSourceStartsWithTheDeploymentAndHoldsASession() {
        TestData.clip02(); // skips loudly without the shared data
        JsonObject source = null;
        long until = System.nanoTime() + LIVE_WAIT.toNanos();
        while (System.nanoTime() < until) {
            JsonArray all = list();
            if (all.size() == 1 && all.getJsonObject(0).containsKey("streamId")) {
                source = all.getJsonObject(0);
                break;
            }
            Await.pause(Duration.ofMillis(250));
        }
        System.out.println("[source] configured at start: " + source);
        assertTrue(source != null && "file:clip02.mp4".equals(source.getString("url")), "one source, live: " + source);
        try (WhepPlayer player = new WhepPlayer()) {
            assertEquals(
                    201, player.play(BASE.resolve(source.getString("whep"))).status());
            long deadline = System.nanoTime() + LIVE_WAIT.toNanos();
            while (player.frames() < 30 && System.nanoTime() < deadline) {
                Await.pause(Duration.ofMillis(200));
            }
            double sessions = PrometheusScrape.now().value("magicshield_sessions_active");
            System.out.printf("[source] WHEP player: %d frames; sessions active %.0f%n", player.frames(), sessions);
            assertTrue(player.frames() >= 30);
            assertEquals(2, sessions, "the source holds a session like a camera, its player another");
        }
        HttpResponse<String> deleted =
                send(HttpRequest.newBuilder(BASE.resolve("/api/sources/" + source.getString("id")))
                        .header("Authorization", "Bearer " + TOKEN)
                        .DELETE());
        assertEquals(200, deleted.statusCode());
        assertEquals(0, list().size());
        ServerResources idle = ServerResources.await(ServerResources::idle, Duration.ofSeconds(30));
        assertTrue(idle.idle(), "the source's session and peers are gone: " + idle.describe());
    }

    private static JsonArray list() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(BASE.resolve("/api/sources"))
                .header("Authorization", "Bearer " + TOKEN)
                .GET());
        assertEquals(200, response.statusCode(), response.body());
        return Json.createReader(new StringReader(response.body())).readObject().getJsonArray("sources");
    }
}
