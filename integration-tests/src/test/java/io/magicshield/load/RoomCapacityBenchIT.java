package io.magicshield.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.magicshield.it.Await;
import io.magicshield.it.Figures;
import io.magicshield.it.PrometheusScrape;
import io.magicshield.it.ServerTest;
import io.magicshield.it.TestData;
import io.magicshield.it.rtc.FrameSender.Shot;
import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.rtc.WhepPlayer;
import io.magicshield.it.server.ServerProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How large a room this machine holds (a benchmark: it prints figures and asserts nothing about them). A cell of
 * P participants and V viewers is made of what such a room costs the server: P webrtc-java participants join a room
 * and stream clip01 at 640x480 (or {@code -Droombench.size=WxH}), 30 fps (each processed once, each getting its own processed video back), and every
 * participant's stream is played by P-1+V WHEP players (the other participants' slots and the viewers'): one encode
 * per receiver, as in a room of pages. Each cell warms up, then counts the frames every tile got over a window.
 * Everything runs on the one machine, clients included (P own-loop decoders and P*(P-1+V) tile decoders in this
 * JVM), so the figures are what this machine holds in all, a lower bound for a server of its own.
 * <p>
 * {@code mvn -pl integration-tests -am verify -Proombench -Dit.test=RoomCapacityBenchIT
 * [-Droombench.cells=2x0,2x1,3x0] [-Droombench.window=10] [-Droombench.size=320x240]}; the table goes to stdout and
 * target/load/room-capacity.md.
 */
@Tag("bench")
class RoomCapacityBenchIT extends ServerTest {

    /** The cameras' size: the issue asks for 640x480, and for a lower size if that holds a larger room. */
    private static final String[] SIZE =
            System.getProperty("roombench.size", "640x480").split("x");

    private static final int WIDTH = Integer.parseInt(SIZE[0]);
    private static final int HEIGHT = Integer.parseInt(SIZE[1]);
    private static final int FPS = 30;
    /** The bar for a tile. */
    private static final double MIN_TILE_FPS = 25;
    /** Tiles' frames below full size, and their packets lost: under 1% each (the bar for loss). */
    private static final double MAX_SHARE = 0.01;

    private static final Duration WARM_UP = Duration.ofSeconds(8);
    private static final int BUSIEST_SHOWN = 6;

    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of(
                "magicshield.sessions.max", "64",
                "magicshield.rooms.participants-per-room", "8",
                "magicshield.rooms.viewers-per-room", "64",
                "magicshield.rooms.create-rate.rooms", "100",
                "magicshield.signaling.max-sockets-per-address", "1000"));
    }

    /** One measured cell. */
    private record Cell(
            int participants,
            int viewers,
            int tiles,
            double tileFpsMin,
            double tileFpsMedian,
            double smallShare,
            double tileLoss,
            long tilePackets,
            double ownFpsMin,
            double serverCpu,
            String busiest) {

        /**
         * Every tile (when there are any) and every participant's own video at 25 fps or more, at full size, and the
         * tiles' packets lost under 1% (the bar).
         */
        boolean holds() {
            return (tiles == 0 || tileFpsMin >= MIN_TILE_FPS)
                    && ownFpsMin >= MIN_TILE_FPS
                    && smallShare < MAX_SHARE
                    && tileLoss < MAX_SHARE;
        }

        String row() {
            return String.format(
                    "| %d | %d | %d | %.1f | %.1f | %.1f%% | %.2f%% of %d | %.1f | %.0f%% | %s | %s |",
                    participants,
                    viewers,
                    tiles,
                    tileFpsMin,
                    tileFpsMedian,
                    smallShare * 100,
                    tileLoss * 100,
                    tilePackets,
                    ownFpsMin,
                    serverCpu * 100,
                    holds() ? "yes" : "no",
                    busiest);
        }
    }

    @Test
    void roomsOfGrowingSize() throws Exception {
        List<Shot> shots = LoadClip.shots(TestData.clip01(), WIDTH, HEIGHT);
        Duration window = Duration.ofSeconds(Integer.getInteger("roombench.window", 10));
        // the managed WildFly, a child of this JVM: its threads' CPU by name says where the time goes
        ServerProcess server = ServerProcess.find();
        List<Cell> cells = new ArrayList<>();
        for (String cell :
                System.getProperty("roombench.cells", "2x0,2x1,2x2,3x0,3x1,4x0").split(",")) {
            String[] size = cell.trim().split("x");
            Cell measured = measure(Integer.parseInt(size[0]), Integer.parseInt(size[1]), shots, window, server);
            System.out.println("[roombench] " + measured.row());
            cells.add(measured);
        }
        StringBuilder table = new StringBuilder(
                "| participants | viewers | tiles | tile fps min | tile fps median | tile frames below full size "
                        + "| tile packets lost (worst tile), of all received | own video fps min | machine CPU | holds (>= "
                        + (int) MIN_TILE_FPS
                        + " fps, full size, < 1% lost) | server threads, % of a core |\n"
                        + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        cells.forEach(c -> table.append(c.row()).append('\n'));
        System.out.println(
                "[roombench] " + WIDTH + "x" + HEIGHT + ", 30 fps, window " + window.toSeconds() + " s:\n" + table);
        Path report = TestData.outputDir().resolve("load/room-capacity.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, table.toString());
    }

    private Cell measure(int participants, int viewers, List<Shot> shots, Duration window, ServerProcess server) {
        String roomId = createRoom();
        List<StreamingClient> people = new ArrayList<>();
        List<WhepPlayer> players = new ArrayList<>();
        try {
            List<String> streams = new ArrayList<>();
            for (int i = 0; i < participants; i++) {
                StreamingClient person = StreamingClient.start(
                        SIGNALING, join(roomId), shots, FPS, frame -> frame.release(), (shot, nanos) -> {});
                people.add(person);
                streams.add(person.ready().getJsonObject("room").getString("streamId"));
            }
            for (String stream : streams) {
                for (int i = 0; i < participants - 1 + viewers; i++) {
                    WhepPlayer player = new WhepPlayer(WIDTH);
                    players.add(player);
                    assertEquals(
                            201, player.play(BASE.resolve("/whep/" + stream)).status(), "a tile of " + stream);
                }
            }
            Await.pause(WARM_UP);
            // getStats first and last, outside the frame counts: it takes milliseconds per player
            List<WhepPlayer.Packets> packetsBefore =
                    players.stream().map(WhepPlayer::packets).toList();
            long[] tilesBefore = players.stream().mapToLong(WhepPlayer::frames).toArray();
            long smallBefore =
                    players.stream().mapToLong(WhepPlayer::smallFrames).sum();
            long[] ownBefore =
                    people.stream().mapToLong(p -> p.received().frames()).toArray();
            Map<String, Long> threadsBefore = server.threadCpuTicks();
            long from = System.nanoTime();
            Await.pause(window);
            double seconds = (System.nanoTime() - from) / 1e9;
            Map<String, Long> threadsAfter = server.threadCpuTicks();
            long framesInWindow = players.stream().mapToLong(WhepPlayer::frames).sum()
                    - Arrays.stream(tilesBefore).sum();
            long smallInWindow =
                    players.stream().mapToLong(WhepPlayer::smallFrames).sum() - smallBefore;
            double cpu = PrometheusScrape.now().valueOrZero("magicshield_system_cpu_load");
            List<Double> tileFps = new ArrayList<>();
            for (int i = 0; i < players.size(); i++) {
                tileFps.add((players.get(i).frames() - tilesBefore[i]) / seconds);
            }
            double[] ownFps = new double[people.size()];
            for (int i = 0; i < people.size(); i++) {
                ownFps[i] = (people.get(i).received().frames() - ownBefore[i]) / seconds;
            }
            double tileLoss = 0;
            long tilePackets = 0;
            for (int i = 0; i < players.size(); i++) {
                WhepPlayer.Packets now = players.get(i).packets();
                tileLoss = Math.max(tileLoss, now.lossSince(packetsBefore.get(i)));
                tilePackets += now.since(packetsBefore.get(i)).received();
            }
            return new Cell(
                    participants,
                    viewers,
                    players.size(),
                    tileFps.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    Figures.median(tileFps),
                    framesInWindow == 0 ? 0 : smallInWindow / (double) framesInWindow,
                    tileLoss,
                    tilePackets,
                    Arrays.stream(ownFps).min().orElse(Double.NaN),
                    cpu,
                    busiest(threadsBefore, threadsAfter, seconds));
        } finally {
            players.forEach(WhepPlayer::close);
            people.forEach(StreamingClient::close);
        }
    }

    /** The server's busiest thread groups over the window, in % of one core (100 clock ticks a second = 100%). */
    private static String busiest(Map<String, Long> before, Map<String, Long> after, double seconds) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / seconds))
                .filter(e -> e.getValue() >= 1)
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(BUSIEST_SHOWN)
                .map(e -> String.format("%s %.0f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String createRoom() {
        HttpResponse<String> created =
                send(HttpRequest.newBuilder(BASE.resolve("/api/rooms")).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, created.statusCode(), created.body());
        return Json.createReader(new StringReader(created.body())).readObject().getString("id");
    }

    private static JsonObject join(String roomId) {
        return Json.createObjectBuilder()
                .add("type", "join")
                .add("room", roomId)
                .add("role", "participant")
                .build();
    }
}
