package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.browser.ChromiumBrowser;
import io.magicshield.it.browser.PatternCamera;
import io.magicshield.it.browser.RoomProbe;
import io.magicshield.it.cluster.LocalCluster;
import io.magicshield.it.cluster.RoomParticipant;
import io.magicshield.it.signaling.SignalingClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long a room's participant takes to notice its node's SIGKILL and to resume on the other node, over several
 * kills (docs/cluster.md): each kill on a fresh cluster (balancer and two nodes, ~40 s to start here), a room made
 * through the balancer, one participant joined through it, its node killed. The same for Chromium's room page, which
 * reconnects by itself: when it noticed (by its own clock), when it was live again, and when its processed video
 * showed again. Not in {@code mvn verify}: {@code mvn -pl integration-tests -am verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ClusterFailoverBenchIT -Dit.groups=bench -Dit.excludedGroups=
 * -Dclusterbench.kills=5} ({@code -Dit.test=ClusterFailoverBenchIT#browserPage} for the page alone).
 */
@Tag("bench")
class ClusterFailoverBenchIT {

    private static final int KILLS = Integer.getInteger("clusterbench.kills", 5);
    private static final Duration PAGE_LIMIT = Duration.ofSeconds(90);
    /** The machine is shared: other builds' CPU must not refuse the page's session (CPU_BUSY), as in ClusterIT. */
    private static final Map<String, String> BROWSER_SETTINGS =
            Map.of("MAGICSHIELD_SESSIONS_CPU_THRESHOLD_PERCENT", "100");

    @Test
    void detectAndResumeAfterKills() throws Exception {
        List<Double> detect = new ArrayList<>();
        List<Double> resume = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        for (int kill = 1; kill <= KILLS; kill++) {
            try (LocalCluster cluster = LocalCluster.start(Map.of())) {
                HttpResponse<String> created = http.send(
                        HttpRequest.newBuilder(cluster.balancer().resolve("api/rooms"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(201, created.statusCode(), created.body());
                String room = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                try (RoomParticipant participant = RoomParticipant.join(cluster, room)) {
                    String host = participant.node();
                    long killed = System.nanoTime();
                    cluster.kill(host);
                    SignalingClient.Closed closed = participant.heartbeatUntilClosed();
                    long noticed = System.nanoTime();
                    try (RoomParticipant resumed = participant.rejoin()) {
                        long back = System.nanoTime();
                        assertTrue(!resumed.node().equals(host), "resumed on the other node");
                        detect.add((noticed - killed) / 1e9);
                        resume.add((back - noticed) / 1e9);
                        System.out.printf(
                                "[clusterbench] kill %d of %d: %s killed, socket closed (%d) after %.2f s, resumed on %s"
                                        + " %.2f s later (%d tries)%n",
                                kill,
                                KILLS,
                                host,
                                closed.code(),
                                detect.get(detect.size() - 1),
                                resumed.node(),
                                resume.get(resume.size() - 1),
                                resumed.tries());
                    }
                }
            }
        }
        System.out.printf(
                "[clusterbench] %d kills (shared 2-core machine): detect p50 %.2f s (max %.2f), resume p50 %.2f s"
                        + " (max %.2f)%n",
                KILLS, Figures.median(detect), Figures.max(detect), Figures.median(resume), Figures.max(resume));
    }

    @Test
    void browserPage() throws Exception {
        List<Double> detect = new ArrayList<>();
        List<Double> live = new ArrayList<>();
        List<Double> shown = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        for (int kill = 1; kill <= KILLS; kill++) {
            try (LocalCluster cluster = LocalCluster.start(BROWSER_SETTINGS);
                    ChromiumBrowser chromium = new ChromiumBrowser(PatternCamera.file(), PatternCamera.workDir())) {
                String room = createRoom(http, cluster);
                RoomProbe probe = liveRoomPage(chromium, cluster, room);
                String host = cluster.hostOf(room);
                long killedAt = System.currentTimeMillis();
                cluster.kill(host);
                // away from live first (the page notices), then live with its processed video showing again
                probe.await(s -> !"live".equals(s.state()), PAGE_LIMIT);
                RoomProbe.Sample after = probe.await(
                        s -> "live".equals(s.state()) && s.self() != null && s.streamId() != null, PAGE_LIMIT);
                long shownAt = System.currentTimeMillis();
                assertTrue("live".equals(after.state()) && after.self() != null, "resumed: " + after);
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> reconnects = (List<Map<String, Object>>)
                        chromium.driver().executeScript("return window.magicShield.reconnects;");
                assertEquals(1, reconnects.size(), reconnects.toString());
                long lostAt = ((Number) reconnects.get(0).get("lostAt")).longValue();
                detect.add((lostAt - killedAt) / 1e3);
                live.add(((Number) reconnects.get(0).get("resumedAfterMs")).doubleValue() / 1e3);
                shown.add((shownAt - lostAt) / 1e3);
                System.out.printf(
                        "[clusterbench] page, kill %d of %d: %s killed, noticed after %.2f s (%s), live again %.2f s"
                                + " later, its processed video seen %.2f s after the notice%n",
                        kill,
                        KILLS,
                        host,
                        detect.get(detect.size() - 1),
                        reconnects.get(0).get("reason"),
                        live.get(live.size() - 1),
                        shown.get(shown.size() - 1));
            }
        }
        System.out.printf(
                "[clusterbench] page, %d kills (shared 2-core machine): detect p50 %.2f s (max %.2f), live again p50"
                        + " %.2f s (max %.2f), video seen again p50 %.2f s (max %.2f) after the notice%n",
                KILLS,
                Figures.median(detect),
                Figures.max(detect),
                Figures.median(live),
                Figures.max(live),
                Figures.median(shown),
                Figures.max(shown));
    }

    /**
     * A hung node (SIGSTOP: its sockets stay open, nothing answers): the page notices by the silence of its stats
     * channel, and its tries meet the hung node until the balancer and the cluster's view let go of it.
     */
    @Test
    void browserPageOnAHungNode() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (LocalCluster cluster = LocalCluster.start(BROWSER_SETTINGS);
                ChromiumBrowser chromium = new ChromiumBrowser(PatternCamera.file(), PatternCamera.workDir())) {
            String room = createRoom(http, cluster);
            RoomProbe probe = liveRoomPage(chromium, cluster, room);
            String host = cluster.hostOf(room);
            long frozenAt = System.currentTimeMillis();
            cluster.freeze(host);
            try {
                probe.await(s -> !"live".equals(s.state()), PAGE_LIMIT);
                long noticedAt = System.currentTimeMillis();
                String banner = probe.sample().banner();
                RoomProbe.Sample after = probe.await(
                        s -> "live".equals(s.state()) && s.self() != null && s.streamId() != null,
                        PAGE_LIMIT.multipliedBy(2));
                long shownAt = System.currentTimeMillis();
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> reconnects = (List<Map<String, Object>>)
                        chromium.driver().executeScript("return window.magicShield.reconnects;");
                System.out.printf(
                        "[clusterbench] page, %s hung (SIGSTOP): noticed after %.2f s (\"%s\"), state %s with its"
                                + " processed video %s %.2f s after the notice; reconnects %s%n",
                        host,
                        (noticedAt - frozenAt) / 1e3,
                        banner,
                        after.state(),
                        after.self() == null ? "not shown" : "shown",
                        (shownAt - noticedAt) / 1e3,
                        reconnects);
                assertTrue("live".equals(after.state()) && after.self() != null, "resumed: " + after);
                assertEquals("SERVER_SILENT", reconnects.get(0).get("reason"), "noticed by the silence");
            } finally {
                cluster.kill(host);
            }
        }
    }

    /** A room made through the balancer: its id. */
    private static String createRoom(HttpClient http, LocalCluster cluster) throws Exception {
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(cluster.balancer().resolve("api/rooms"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        return created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    /** Chromium's page in the room through the balancer, once it is live with its own processed video. */
    private static RoomProbe liveRoomPage(ChromiumBrowser chromium, LocalCluster cluster, String room)
            throws Exception {
        chromium.driver()
                .get(cluster.balancer().resolve("room/" + room + "?autostart").toString());
        RoomProbe probe = new RoomProbe(chromium.driver());
        RoomProbe.Sample before = probe.await(s -> "live".equals(s.state()) && s.self() != null, PAGE_LIMIT);
        assertTrue("live".equals(before.state()) && before.self() != null, "live: " + before);
        return probe;
    }
}
