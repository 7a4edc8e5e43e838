package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.browser.ChromiumBrowser;
import io.magicshield.it.browser.PatternCamera;
import io.magicshield.it.rtc.WhepPlayer;
import io.magicshield.it.server.ServerProcess;
import io.magicshield.it.server.ServerResources;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Pulled sources against the real server: the operator's API refuses what the policy refuses before anything
 * connects (a scheme, a host or port outside the allow-list, a name that resolves to a loopback address outside it,
 * a path out of the folder, no token); a source whose server accepts and never answers retries with its error in the
 * status; a file source loops clip01.mp4, is processed like a camera and plays by WHEP with the shield; a real RTSP
 * camera (GStreamer's RTSP server from Debian's packages, serving clip01.mp4) plays by WHEP with the shield, its server
 * is stopped and started again, and the source recovers by itself under the same stream id, the gap in its status.
 * The allow-list is 127.0.0.2 alone, where the test's own servers listen, so every refused address is loopback too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SourceIT extends ServerTest {

    private static final String TOKEN = "source-it-operator-token-0123";
    private static final String ALLOWED = "127.0.0.2";
    private static final double MIN_SHIELD_GOLD = 0.02;
    private static final Duration LIVE_WAIT = Duration.ofSeconds(45);
    /** Accepts on the allowed address and never says a word: a camera that hangs. */
    private static final ServerSocket SILENT = silentServer();

    private static final List<Socket> ACCEPTED = new ArrayList<>();
    /** The port of the test's RTSP server, free when the class loads (the server listens on it from test 3 on). */
    private static final int RTSP_PORT = freePort();
    /** clip01.mp4 played this many times in a row: some 34 s per server, longer than the test needs from one. */
    private static final int RTSP_COPIES = 10;
    /** Sources asked for back to back while the silent one holds a place: the first takes the last place. */
    private static final int FLOOD = 8;
    /** How long the server's threads are sampled while a file source runs (some 300 frames). */
    private static final Duration CPU_WINDOW = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive application() {
        Path hands = Path.of(System.getProperty("magicshield.testdata", "../../shared/testdata/hands"))
                .toAbsolutePath()
                .normalize();
        return configuredWar(Map.of(
                "magicshield.sources.token",
                TOKEN,
                "magicshield.sources.allowed-networks",
                ALLOWED + "/32",
                "magicshield.sources.allowed-ports",
                "8554," + SILENT.getLocalPort() + "," + RTSP_PORT,
                "magicshield.sources.folder",
                hands.toString(),
                "magicshield.sources.timeout-ms",
                "1000",
                "magicshield.sources.max-backoff-ms",
                "2000"));
    }

    private static ServerSocket silentServer() {
        try {
            ServerSocket server = new ServerSocket(0, 8, InetAddress.getByName(ALLOWED));
            Thread acceptor = new Thread(() -> {
                // bounded: the test makes a handful of attempts in a few seconds
                for (int i = 0; i < 64 && !server.isClosed(); i++) {
                    try {
                        Socket socket = server.accept();
                        synchronized (ACCEPTED) {
                            ACCEPTED.add(socket);
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + ALLOWED, e);
        }
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(ALLOWED))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void closeSilentServer() throws IOException {
        SILENT.close();
        synchronized (ACCEPTED) {
            for (Socket socket : ACCEPTED) {
                socket.close();
            }
        }
    }

    @Test
    @Order(1)
    void theApiRefusesWhatThePolicyRefusesAndAHangingSourceRetries() {
        Map<String, HttpResponse<String>> refused = new LinkedHashMap<>();
        refused.put("401 no token", post(null, "{\"url\": \"file:clip01.mp4\"}"));
        refused.put("401 wrong token", post("Bearer not-the-operator-token-0", "{\"url\": \"file:clip01.mp4\"}"));
        refused.put("400 http", post(bearer(), "{\"url\": \"http://" + ALLOWED + ":8554/\"}"));
        refused.put("400 concat", post(bearer(), "{\"url\": \"concat:clip01.mp4|clip02.mp4\"}"));
        refused.put("400 host", post(bearer(), "{\"url\": \"rtsp://127.0.0.3:8554/live\"}"));
        refused.put("400 port", post(bearer(), "{\"url\": \"rtsp://" + ALLOWED + ":22/live\"}"));
        refused.put("400 name", post(bearer(), "{\"url\": \"rtsp://cam:pw@localhost:8554/live\"}"));
        refused.put("400 folder", post(bearer(), "{\"url\": \"file:../clip01.mp4\"}"));
        refused.put("400 absolute", post(bearer(), "{\"url\": \"file:/etc/passwd\"}"));
        refused.put("400 not json", post(bearer(), "rtsp://" + ALLOWED + ":8554/live"));
        refused.put("400 no url", post(bearer(), "{\"uri\": \"file:clip01.mp4\"}"));
        refused.put("413 huge", post(bearer(), "{\"url\": \"" + "a".repeat(5000) + "\"}"));
        refused.put(
                "404 unknown",
                send(request("/api/sources/00000000-0000-0000-0000-000000000000", bearer())
                        .DELETE()));
        int acceptedBefore;
        synchronized (ACCEPTED) {
            acceptedBefore = ACCEPTED.size();
        }
        refused.forEach((what, response) -> {
            System.out.printf("[source] %s: %d %s", what, response.statusCode(), response.body());
            assertEquals(Integer.parseInt(what.substring(0, 3)), response.statusCode(), what + ": " + response.body());
            assertFalse(response.body().contains("pw@"), "no credential in a refusal");
        });
        assertTrue(refused.get("400 name").body().contains("not in magicshield.sources.allowed-networks"));
        assertTrue(refused.get("400 name").body().contains("rtsp://***@localhost:8554/live"));
        synchronized (ACCEPTED) {
            assertEquals(acceptedBefore, ACCEPTED.size(), "nothing connected for a refused source");
        }

        // an allowed server that accepts and never answers: the source retries, its status says why
        String url = "rtsp://operator:hunter2@" + ALLOWED + ":" + SILENT.getLocalPort() + "/live";
        HttpResponse<String> created = post(bearer(), "{\"url\": \"" + url + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        JsonObject retrying = awaitStatus(location, s -> s.getInt("retries") >= 2);
        System.out.println("[source] a silent camera: " + retrying);
        assertEquals("starting", retrying.getString("state"));
        assertEquals("rtsp://***@" + ALLOWED + ":" + SILENT.getLocalPort() + "/live", retrying.getString("url"));
        assertTrue(retrying.getString("lastError").contains("could not open"), retrying.toString());
        assertFalse(retrying.toString().contains("hunter2"), "the password never shows");
        assertEquals(0, retrying.getInt("frames"));
        synchronized (ACCEPTED) {
            assertTrue(ACCEPTED.size() > acceptedBefore, "it did connect, to the allowed address only");
        }

        // a flood of sources beyond the cap (2 by default): one more place, then the reason for each of the others
        List<HttpResponse<String>> flood = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            flood.add(post(bearer(), "{\"url\": \"" + url + "\"}"));
        }
        List<String> answers = flood.stream()
                .map(response -> response.statusCode() + " " + response.body())
                .toList();
        System.out.println("[source] a flood of " + FLOOD + " more sources: " + answers);
        assertEquals(201, flood.get(0).statusCode(), "one place was left under the cap: " + answers.get(0));
        for (int i = 1; i < FLOOD; i++) {
            // no place now is the server's state, not the request's fault: 503, and when to ask again
            String refusal = answers.get(i);
            assertTrue(refusal.startsWith("503 ") && refusal.contains("as many sources as it may"), refusal);
            assertEquals("60", flood.get(i).headers().firstValue("Retry-After").orElse(null), refusal);
            assertFalse(refusal.contains("hunter2"), "the password never shows");
        }
        String extra = flood.get(0).headers().firstValue("Location").orElseThrow();
        assertEquals(200, send(request(extra, bearer()).DELETE()).statusCode());

        assertEquals(200, send(request(location, bearer()).DELETE()).statusCode());
        assertEquals(404, send(request(location, bearer()).GET()).statusCode());
    }

    @Test
    @Order(2)
    void aFileSourceLoopsIsProcessedAndPlaysByWhep() {
        TestData.clip01(); // skips loudly without the shared data
        long start = System.nanoTime();
        HttpResponse<String> created = post(bearer(), "{\"url\": \"file:clip01.mp4\"}");
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        JsonObject live = awaitStatus(location, s -> "live".equals(s.getString("state")) && s.containsKey("streamId"));
        double liveSeconds = (System.nanoTime() - start) / 1e9;
        String stream = live.getString("streamId");
        System.out.printf("[source] file source live after %.2f s: %s%n", liveSeconds, live);
        assertEquals(1280, live.getInt("width"));
        try (WhepPlayer player = new WhepPlayer()) {
            assertEquals(201, player.play(BASE.resolve(live.getString("whep"))).status());
            awaitPlayer(() -> player.frames() > 0, "a first frame by WHEP");
            double firstFrame = (System.nanoTime() - start) / 1e9;
            awaitPlayer(() -> player.frames() >= 90 && player.maxGold() >= MIN_SHIELD_GOLD, "the shield by WHEP");
            JsonObject looping = awaitStatus(location, s -> s.getInt("loops") >= 1);
            System.out.printf(
                    "[source] WHEP player on %s: first processed frame %.2f s after the POST; %d frames, most shield"
                            + " gold %.3f; status %s (shared 2-core machine)%n",
                    stream, firstFrame, player.frames(), player.maxGold(), looping);
        }
        printCpuPerFrame(location); // with nobody watching: the source's own cost, no player's encode
        assertEquals(200, send(request(location, bearer()).DELETE()).statusCode());
        ServerResources idle = ServerResources.await(ServerResources::idle, Duration.ofSeconds(30));
        assertTrue(idle.idle(), "the source's session and peers are gone: " + idle.describe());
    }

    @Test
    @Order(3)
    void anRtspCameraIsPlayedAndRecoversByItselfWhenItsServerRestarts() throws Exception {
        Path clip = TestData.clip01().resolveSibling("clip01.mp4").toAbsolutePath();
        Process rtsp = startRtspServer(clip);
        String location = null;
        try (WhepPlayer player = new WhepPlayer()) {
            long start = System.nanoTime();
            HttpResponse<String> created =
                    post(bearer(), "{\"url\": \"rtsp://camera:pw@" + ALLOWED + ":" + RTSP_PORT + "/live\"}");
            assertEquals(201, created.statusCode(), created.body());
            location = created.headers().firstValue("Location").orElseThrow();
            JsonObject live =
                    awaitStatus(location, s -> "live".equals(s.getString("state")) && s.containsKey("streamId"));
            String stream = live.getString("streamId");
            System.out.printf("[source] RTSP camera live after %.2f s: %s%n", (System.nanoTime() - start) / 1e9, live);
            assertEquals(201, player.play(BASE.resolve(live.getString("whep"))).status());
            awaitPlayer(() -> player.frames() > 0, "a first frame by WHEP");
            System.out.printf(
                    "[source] RTSP: first processed frame at the WHEP player %.2f s after the POST%n",
                    (System.nanoTime() - start) / 1e9);
            awaitPlayer(() -> player.frames() >= 90 && player.maxGold() >= MIN_SHIELD_GOLD, "the shield by WHEP");
            System.out.printf(
                    "[source] RTSP by WHEP: %d frames, most shield gold %.3f%n", player.frames(), player.maxGold());

            // the camera's server goes away: the source says so and keeps its stream
            rtsp.destroy();
            assertTrue(rtsp.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "the RTSP server stopped");
            long stopped = System.nanoTime();
            JsonObject down = awaitStatus(location, s -> "retrying".equals(s.getString("state")));
            System.out.printf(
                    "[source] RTSP server stopped; the source is retrying after %.2f s: %s%n",
                    (System.nanoTime() - stopped) / 1e9, down);
            assertFalse(down.toString().contains("pw@"), "no password in the status");
            Await.pause(Duration.ofSeconds(3));
            long framesDown =
                    awaitStatus(location, s -> true).getJsonNumber("frames").longValue();
            int playedDown = player.frames();

            // and comes back: the source recovers by itself, under the same stream id
            rtsp = startRtspServer(clip);
            long restarted = System.nanoTime();
            JsonObject recovered = awaitStatus(
                    location,
                    s -> "live".equals(s.getString("state"))
                            && s.getJsonNumber("frames").longValue() > framesDown);
            double recovery = (System.nanoTime() - restarted) / 1e9;
            System.out.printf(
                    "[source] RTSP server back: the source live again %.2f s after it listened; longest gap %.2f s;"
                            + " %s (shared 2-core machine)%n",
                    recovery, recovered.getJsonNumber("longestGapSeconds").doubleValue(), recovered);
            assertEquals(stream, recovered.getString("streamId"), "the same stream: its players stay");
            assertTrue(recovered.getJsonNumber("longestGapSeconds").doubleValue() >= 3, "the status shows the gap");
            assertTrue(recovered.getInt("retries") >= 1);
            awaitPlayer(() -> player.frames() > playedDown + 30, "frames again at the WHEP player");
        } finally {
            if (location != null) {
                send(request(location, bearer()).DELETE());
            }
            rtsp.destroy();
            rtsp.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        ServerResources idle = ServerResources.await(ServerResources::idle, Duration.ofSeconds(30));
        assertTrue(idle.idle(), "the source's session and peers are gone: " + idle.describe());
    }

    @Test
    @Order(4)
    void theWatchPagePlaysASourceByItsLinkAndListsTheSourcesToTheOperator() throws Exception {
        TestData.clip01();
        HttpResponse<String> created = post(bearer(), "{\"url\": \"file:clip01.mp4\"}");
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        try (ChromiumBrowser browser = new ChromiumBrowser(PatternCamera.file(), PatternCamera.workDir())) {
            String stream =
                    awaitStatus(location, s -> s.containsKey("streamId")).getString("streamId");
            ChromeDriver page = browser.driver();
            page.get(BASE.resolve("/watch.html?stream=" + stream).toString());
            long until = System.nanoTime() + LIVE_WAIT.toNanos();
            Map<String, Object> video;
            do {
                Await.pause(Duration.ofMillis(250));
                video = watchState(page);
            } while (((Number) video.get("frames")).longValue() < 30 && System.nanoTime() < until);
            System.out.println("[source] the Watch page on " + stream + ": " + video);
            assertEquals("live", video.get("state"));
            assertTrue(((Number) video.get("width")).longValue() > 0, "a picture: " + video);
            assertTrue(((Number) video.get("frames")).longValue() >= 30, video.toString());

            page.findElement(By.id("token")).sendKeys(TOKEN);
            page.findElement(By.cssSelector("#operator button")).click();
            until = System.nanoTime() + LIVE_WAIT.toNanos();
            String rows;
            do {
                Await.pause(Duration.ofMillis(250));
                rows = page.findElement(By.id("streams")).getText();
            } while (!rows.contains("file:clip01.mp4") && System.nanoTime() < until);
            System.out.println("[source] the operator's list: " + rows.replace('\n', '|'));
            assertTrue(rows.contains("file:clip01.mp4") && rows.contains("live"), rows);
            assertFalse(page.getCurrentUrl().contains(TOKEN), "the token never goes into the URL");
        } finally {
            send(request(location, bearer()).DELETE());
        }
    }

    /**
     * Where the server's CPU goes while one file source runs and nobody watches it: its own thread (FFmpeg's decode
     * as far as it runs there, the conversion to I420, the copy into the frame worker's buffer), FFmpeg's decoding
     * threads, the session's frame worker (the effect), and the whole process, over {@link #CPU_WINDOW}, per decoded
     * frame and in percent of one core. A benchmark's figure, printed and never asserted: the machine is shared.
     */
    private static void printCpuPerFrame(String location) {
        ServerProcess server = ServerProcess.find();
        long framesBefore =
                awaitStatus(location, s -> true).getJsonNumber("frames").longValue();
        Map<String, Long> before = server.threadCpuTicks();
        long processBefore = server.cpuTicks();
        long start = System.nanoTime();
        Await.pause(CPU_WINDOW);
        Map<String, Long> after = server.threadCpuTicks();
        long process = server.cpuTicks() - processBefore;
        double seconds = (System.nanoTime() - start) / 1e9;
        long frames = awaitStatus(location, s -> true).getJsonNumber("frames").longValue() - framesBefore;
        // by thread name: a group that lost a thread meanwhile reads less than it used, so only growth is shown
        Map<String, Long> used = new java.util.TreeMap<>();
        after.forEach((name, ticks) -> used.put(name, ticks - before.getOrDefault(name, 0L)));
        System.out.printf(
                "[source] CPU over %.1f s, %d frames decoded (%.1f fps): source thread %s, FFmpeg's threads %s,"
                        + " frame worker %s, whole process %s; by thread: %s (clock ticks of 10 ms; shared 2-core"
                        + " machine)%n",
                seconds,
                frames,
                frames / seconds,
                perFrame(used.getOrDefault("magicshield-sou", 0L), frames, seconds),
                perFrame(used.getOrDefault("av:hN:dfN", 0L), frames, seconds),
                perFrame(used.getOrDefault("magicshield-fra", 0L), frames, seconds),
                perFrame(process, frames, seconds),
                used.entrySet().stream()
                        .filter(e -> e.getValue() > 0)
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .map(e -> e.getKey() + " " + 10 * e.getValue() + " ms")
                        .toList());
    }

    private static String perFrame(long ticks, long frames, double seconds) {
        return String.format("%.2f ms/frame (%.1f%% of a core)", 10.0 * ticks / frames, ticks / seconds);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> watchState(ChromeDriver page) {
        return (Map<String, Object>) page.executeScript("const v = document.getElementById('video');"
                + "return {state: document.getElementById('state').dataset.state, width: v.videoWidth,"
                + " frames: v.getVideoPlaybackQuality ? v.getVideoPlaybackQuality().totalVideoFrames : 0};");
    }

    /** GStreamer's RTSP server from Debian (python3-gi, gir1.2-gst-rtsp-server-1.0), serving clip01.mp4 on 127.0.0.2. */
    private static Process startRtspServer(Path clip) throws Exception {
        Path script = Path.of(SourceIT.class.getResource("/rtsp/rtsp-server.py").toURI());
        Process process = new ProcessBuilder(
                        "/usr/bin/python3",
                        script.toString(),
                        ALLOWED,
                        Integer.toString(RTSP_PORT),
                        clip.toString(),
                        Integer.toString(RTSP_COPIES))
                .redirectErrorStream(true)
                .start();
        java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        String first = out.readLine();
        assertEquals("ready", first, "the RTSP server did not start (needs the Debian packages the build installs)");
        Thread drain = new Thread(() -> out.lines().forEach(line -> System.out.println("[rtsp-server] " + line)));
        drain.setDaemon(true);
        drain.start();
        return process;
    }

    private static String bearer() {
        return "Bearer " + TOKEN;
    }

    private static HttpRequest.Builder request(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(BASE.resolve(path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private static HttpResponse<String> post(String authorization, String body) {
        return send(request("/api/sources", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonObject awaitStatus(String location, Predicate<JsonObject> condition) {
        long until = System.nanoTime() + LIVE_WAIT.toNanos();
        JsonObject status;
        do {
            HttpResponse<String> response = send(request(location, bearer()).GET());
            assertEquals(200, response.statusCode(), response.body());
            status = Json.createReader(new StringReader(response.body())).readObject();
            if (condition.test(status)) {
                return status;
            }
            Await.pause(Duration.ofMillis(250));
        } while (System.nanoTime() < until);
        throw new AssertionError("the source's status never came to it: " + status);
    }

    private static void awaitPlayer(java.util.function.BooleanSupplier condition, String what) {
        long until = System.nanoTime() + LIVE_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("no " + what + " within " + LIVE_WAIT.toSeconds() + " s");
            }
            Await.pause(Duration.ofMillis(100));
        }
    }
}
