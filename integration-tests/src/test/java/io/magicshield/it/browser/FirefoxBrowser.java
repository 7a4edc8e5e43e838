package io.magicshield.it.browser;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Debian's headless Firefox ESR (from apt) driven without geckodriver, through its built-in WebDriver BiDi remote
 * agent (/work/shared/docs/firefox.md): the JDK's WebSocket and JSON commands. A fresh profile with Firefox's fake
 * camera and microphone and no permission prompt; with a {@link NullSoundCard} it has a sound device, without which
 * its audio graph never starts. Clicks are a user's (BiDi input actions). Scripts run as Selenium's do ({@code arguments}, {@code return},
 * the async callback last) so the Chromium tests' page probes run here unchanged; their results cross as JSON.
 */
public final class FirefoxBrowser implements AutoCloseable, JavascriptExecutor {

    public static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");

    private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration COMMAND = Duration.ofSeconds(30);
    /**
     * The fake camera and microphone, no prompt for them; VP8 not held at 320x240 for its first ~17 s; host
     * candidates as addresses (the server on loopback); no first-run pages or update checks.
     */
    private static final List<String> PREFS = List.of(
            "media.navigator.streams.fake", "true",
            "media.navigator.permission.disabled", "true",
            "media.peerconnection.video.lock_scaling", "true",
            "media.peerconnection.ice.obfuscate_host_addresses", "false",
            "browser.shell.checkDefaultBrowser", "false",
            "app.update.enabled", "false",
            "datareporting.policy.dataSubmissionEnabled", "false",
            "toolkit.telemetry.reportingpolicy.firstRun", "false");

    private final Path profile;
    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final String context;

    /** @param workDir where the profile and Firefox's output go */
    public FirefoxBrowser(Path workDir) throws IOException {
        this(workDir, List.of(), Map.of());
    }

    /**
     * Firefox with sound: it plays into {@code card}, and its fake microphone is a sine of {@code microphoneHz}
     * (Firefox's default is 1000 Hz).
     */
    public FirefoxBrowser(Path workDir, NullSoundCard card, int microphoneHz) throws IOException {
        this(
                workDir,
                List.of("media.navigator.audio.fake_frequency", Integer.toString(microphoneHz)),
                card.environment());
    }

    private FirefoxBrowser(Path workDir, List<String> extraPrefs, Map<String, String> environment) throws IOException {
        profile = workDir.resolve("firefox-profile");
        Files.createDirectories(profile);
        StringBuilder prefs = new StringBuilder();
        List<String> all = new ArrayList<>(PREFS);
        all.addAll(extraPrefs);
        for (int i = 0; i < all.size(); i += 2) {
            prefs.append("user_pref(\"")
                    .append(all.get(i))
                    .append("\", ")
                    .append(all.get(i + 1))
                    .append(");\n");
        }
        Files.writeString(profile.resolve("user.js"), prefs);
        ProcessBuilder builder = new ProcessBuilder(
                        FIREFOX.toString(),
                        "--headless",
                        "--no-remote",
                        "--profile",
                        profile.toString(),
                        "--remote-debugging-port=0")
                .redirectOutput(workDir.resolve("firefox.out").toFile());
        builder.environment().putAll(environment);
        process = builder.start();
        try {
            String endpoint = awaitEndpoint(workDir.resolve("firefox.err"));
            socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(URI.create(endpoint + "/session"), new Listener())
                    .get(START.toSeconds(), TimeUnit.SECONDS);
            command("session.new", Json.createObjectBuilder().add("capabilities", JsonValue.EMPTY_JSON_OBJECT));
            context = command("browsingContext.getTree", Json.createObjectBuilder())
                    .getJsonArray("contexts")
                    .getJsonObject(0)
                    .getString("context");
        } catch (IOException | RuntimeException | InterruptedException | ExecutionException | TimeoutException e) {
            end();
            throw new IOException("Firefox did not start under WebDriver BiDi", e);
        }
    }

    /** Reads Firefox's stderr (into {@code log}) until it names the BiDi endpoint, and keeps copying it there. */
    private String awaitEndpoint(Path log)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread copier = new Thread(
                () -> {
                    try (BufferedReader err = new BufferedReader(
                                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
                            PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
                        for (String line = err.readLine(); line != null; line = err.readLine()) {
                            out.println(line);
                            out.flush();
                            Matcher listening = LISTENING.matcher(line);
                            if (listening.find()) {
                                endpoint.complete(listening.group(1));
                            }
                        }
                    } catch (IOException e) {
                        endpoint.completeExceptionally(e);
                    }
                    endpoint.completeExceptionally(new IOException("Firefox ended: see " + log));
                },
                "firefox-stderr");
        copier.setDaemon(true);
        copier.start();
        return endpoint.get(START.toSeconds(), TimeUnit.SECONDS);
    }

    /** Loads {@code url} in the tab and waits for its load event. */
    public void navigate(String url) {
        command(
                "browsingContext.navigate",
                Json.createObjectBuilder()
                        .add("context", context)
                        .add("url", url)
                        .add("wait", "complete"));
    }

    /**
     * Clicks the middle of the element {@code selector} names as a user does: a mouse move, press and release
     * through WebDriver BiDi's input actions, which Firefox takes as a user's gesture (it lets the page's sound
     * start), unlike a script's {@code click()}.
     */
    public void click(String selector) {
        @SuppressWarnings("unchecked")
        Map<String, Object> middle = (Map<String, Object>) executeScript(
                "const box = document.querySelector(arguments[0]).getBoundingClientRect();"
                        + " return { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };",
                selector);
        command(
                "input.performActions",
                Json.createObjectBuilder()
                        .add("context", context)
                        .add(
                                "actions",
                                Json.createArrayBuilder()
                                        .add(Json.createObjectBuilder()
                                                .add("type", "pointer")
                                                .add("id", "mouse")
                                                .add(
                                                        "actions",
                                                        Json.createArrayBuilder()
                                                                .add(Json.createObjectBuilder()
                                                                        .add("type", "pointerMove")
                                                                        .add("x", ((Number) middle.get("x")).intValue())
                                                                        .add(
                                                                                "y",
                                                                                ((Number) middle.get("y")).intValue()))
                                                                .add(Json.createObjectBuilder()
                                                                        .add("type", "pointerDown")
                                                                        .add("button", 0))
                                                                .add(Json.createObjectBuilder()
                                                                        .add("type", "pointerUp")
                                                                        .add("button", 0))))));
    }

    /** The page's URL now. */
    public String url() {
        return (String) executeScript("return location.href;");
    }

    /** A PNG of the tab's viewport. */
    public byte[] screenshot() {
        String data = command(
                        "browsingContext.captureScreenshot",
                        Json.createObjectBuilder().add("context", context))
                .getString("data");
        return java.util.Base64.getDecoder().decode(data);
    }

    @Override
    public Object executeScript(String script, Object... args) {
        return call(
                "function() { return JSON.stringify((function() {\n" + script + "\n}).apply(this, arguments)); }",
                false,
                args);
    }

    @Override
    public Object executeAsyncScript(String script, Object... args) {
        return call(
                "function() { const args = Array.from(arguments); return new Promise((resolve) => {"
                        + " args.push((value) => resolve(JSON.stringify(value)));"
                        + " (function() {\n" + script + "\n}).apply(this, args); }); }",
                true,
                args);
    }

    private Object call(String function, boolean awaitPromise, Object... args) {
        JsonArrayBuilder arguments = Json.createArrayBuilder();
        for (Object arg : args) {
            arguments.add(
                    arg instanceof Number number
                            ? Json.createObjectBuilder().add("type", "number").add("value", number.doubleValue())
                            : Json.createObjectBuilder().add("type", "string").add("value", String.valueOf(arg)));
        }
        JsonObject result = command(
                "script.callFunction",
                Json.createObjectBuilder()
                        .add("functionDeclaration", function)
                        .add("arguments", arguments)
                        .add("target", Json.createObjectBuilder().add("context", context))
                        .add("awaitPromise", awaitPromise));
        if (!"success".equals(result.getString("type"))) {
            throw new IllegalStateException("script failed in Firefox: " + result.get("exceptionDetails"));
        }
        JsonObject value = result.getJsonObject("result");
        return "string".equals(value.getString("type"))
                ? plain(Json.createReader(new StringReader(value.getString("value")))
                        .readValue())
                : null; // undefined: the script returned nothing
    }

    /** JSON as Selenium gives script results: maps, lists, strings, booleans, Long or Double, null. */
    private static Object plain(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                value.asJsonObject().forEach((key, item) -> map.put(key, plain(item)));
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                ((JsonArray) value).forEach(item -> list.add(plain(item)));
                yield list;
            }
            case STRING -> ((JsonString) value).getString();
            case NUMBER ->
                ((JsonNumber) value).isIntegral()
                        ? (Object) ((JsonNumber) value).longValue()
                        : (Object) ((JsonNumber) value).doubleValue();
            case TRUE -> true;
            case FALSE -> false;
            case NULL -> null;
        };
    }

    private JsonObject command(String method, jakarta.json.JsonObjectBuilder params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        pending.put(id, answer);
        String message = Json.createObjectBuilder()
                .add("id", id)
                .add("method", method)
                .add("params", params)
                .build()
                .toString();
        try {
            socket.sendText(message, true).get(COMMAND.toSeconds(), TimeUnit.SECONDS);
            JsonObject reply = answer.get(COMMAND.toSeconds(), TimeUnit.SECONDS);
            if ("error".equals(reply.getString("type", ""))) {
                throw new IllegalStateException(
                        method + ": " + reply.getString("error") + ": " + reply.getString("message", ""));
            }
            return reply.getJsonObject("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    method + ": no answer from Firefox within " + COMMAND.toSeconds() + " s", e);
        } finally {
            pending.remove(id);
        }
    }

    /** BiDi's replies by id; events (none subscribed) are passed over. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder parts = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                JsonObject message =
                        Json.createReader(new StringReader(parts.toString())).readObject();
                parts.setLength(0);
                if (message.containsKey("id") && message.get("id").getValueType() == JsonValue.ValueType.NUMBER) {
                    CompletableFuture<JsonObject> answer = pending.get(message.getInt("id"));
                    if (answer != null) {
                        answer.complete(message);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        try {
            command("browser.close", Json.createObjectBuilder());
        } catch (RuntimeException e) {
            // gone already, or not answering: ended below
        } finally {
            end();
        }
    }

    /** Ends Firefox (and its content processes) if it still runs, then removes the profile. */
    private void end() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
