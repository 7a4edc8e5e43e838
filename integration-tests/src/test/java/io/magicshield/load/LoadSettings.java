package io.magicshield.load;

import io.magicshield.it.signaling.ClientMessages;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * What the load driver does, from system properties ({@code -Dload.*}, see docs/performance.md): where the server
 * is (loopback only), how far to ramp, how long each step runs, and what a step must hold to count.
 *
 * @param base        the application's root, e.g. {@code http://127.0.0.1:8080/}
 * @param serve       start the server from {@code webapp/target} (and stop it afterwards) instead of using a running one
 * @param webappDir   the webapp module, where the provisioned WildFly, the WAR and serve.sh are
 * @param firstStep   sessions started before the first measured step
 * @param maxSessions the ramp ends here if nothing failed before
 * @param warmUp      after a session is added, before measuring: bandwidth estimation and the encoders settle
 * @param window      one measured window
 * @param model       the landmark model each session asks for ({@code full}, {@code lite}), or null: the server's
 * @param minFps      every session must get back at least this many frames a second...
 * @param maxLoss     ...and lose less than this share of the frames it sent
 * @param report      where the table is written besides stdout
 */
record LoadSettings(
        URI base,
        boolean serve,
        Path webappDir,
        int firstStep,
        int maxSessions,
        Duration warmUp,
        Duration window,
        int width,
        int height,
        int fps,
        String model,
        double minFps,
        double maxLoss,
        Path report) {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    LoadSettings {
        if (!LOOPBACK.contains(base.getHost()) || !"http".equals(base.getScheme())) {
            throw new IllegalArgumentException("load.url must be http on the loopback (127.0.0.1), got " + base);
        }
        if (firstStep < 1 || maxSessions < firstStep || maxSessions > 32) {
            throw new IllegalArgumentException("need 1 <= load.from <= load.sessions <= 32");
        }
        if (model != null && !Set.of("full", "lite").contains(model)) {
            throw new IllegalArgumentException("load.model must be full or lite, got " + model);
        }
    }

    static LoadSettings fromSystemProperties() {
        String url = System.getProperty("load.url", "http://127.0.0.1:8080/");
        String model = System.getProperty("load.model", "");
        return new LoadSettings(
                URI.create(url.endsWith("/") ? url : url + "/"),
                Boolean.getBoolean("load.serve"),
                Path.of(System.getProperty("load.webapp", "../webapp")),
                Integer.getInteger("load.from", 1),
                Integer.getInteger("load.sessions", 8),
                Duration.ofSeconds(Integer.getInteger("load.warmup", 8)),
                Duration.ofSeconds(Integer.getInteger("load.window", 20)),
                640,
                480,
                30,
                model.isBlank() ? null : model,
                Double.parseDouble(System.getProperty("load.min-fps", "28")),
                Double.parseDouble(System.getProperty("load.max-loss", "0.01")),
                Path.of(System.getProperty("load.report", "target/load/capacity.md")));
    }

    URI signaling() {
        return URI.create("ws://" + base.getAuthority() + base.getPath() + "ws/signal");
    }

    /**
     * Every session asks for the mirror explicitly (the frame marker is then read right to left) and for the model
     * if one was chosen; everything else is the server's default, as a page that changes nothing.
     */
    JsonObject startMessage() {
        JsonObjectBuilder options = Json.createObjectBuilder().add("mirror", true);
        if (model != null) {
            options.add("model", model);
        }
        return ClientMessages.start(options.build());
    }

    String describe() {
        return String.format(
                "server %s%s; sessions %d..%d; %dx%d at %d fps of clip01; warm-up %d s, window %d s; "
                        + "a step holds with >= %.0f fps and < %.1f%% lost for every session; model %s",
                base,
                serve ? " (started by the driver)" : "",
                firstStep,
                maxSessions,
                width,
                height,
                fps,
                warmUp.toSeconds(),
                window.toSeconds(),
                minFps,
                maxLoss * 100,
                model == null ? "the server's default" : model);
    }
}
