package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.media.video.VideoFrame;
import io.magicshield.it.browser.ChromiumBrowser;
import io.magicshield.it.browser.PageProbe;
import io.magicshield.it.browser.PatternCamera;
import io.magicshield.it.browser.RoomProbe;
import io.magicshield.it.cluster.LocalCluster;
import io.magicshield.it.cluster.RoomParticipant;
import io.magicshield.it.rtc.Negotiation;
import io.magicshield.it.rtc.WebRtcTestPeer;
import io.magicshield.it.signaling.ClientMessages;
import io.magicshield.it.signaling.SignalingClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.WindowType;

/**
 * The cluster (docs/cluster.md): WildFly's load balancer and two HA nodes started by serve-cluster.sh, not by
 * Arquillian. Rooms are placed on both nodes and, once a node is full, on the other; a room's participants meet on
 * its node whichever node served their page; after a node's SIGKILL a participant of one of its rooms (a Java
 * client, and Chromium's room page, which reconnects by itself) reconnects through the balancer and resumes on the
 * other node, from the room directory in Infinispan; and the start quota and the room creation quota of an address
 * are each one across the nodes and outlive the killed one. Each node runs on a test host of its own where namespaces
 * can be made (LocalCluster), and its media candidates are checked to be its own address; beyond that, sockets only
 * but for the Chromium page: media is the same as on one server (the other ITs).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    /** Session slots a node has here: what the placement test fills on one node. */
    private static final int SLOTS = 4;
    /** The start quota of one address, shared by the nodes: the tests use it up in order. */
    private static final int STARTS = 40;
    /** The room creation quota of one address, shared by the nodes: used up in order as well. */
    private static final int ROOMS = 40;
    /** Rooms the drain and failover tests create (7 and 2) and a margin. */
    private static final int FAILOVER_ROOMS = 12;
    /** Sessions the ramp starts through the balancer, and how far apart (the nodes report their load every second). */
    private static final int RAMP = 6;

    private static final Duration RAMP_STEP = Duration.ofMillis(1500);
    /** How long a drained node's sessions go on: time for the drain test to look at them first. */
    private static final Duration DRAIN_DEADLINE = Duration.ofSeconds(8);
    /**
     * What the drain and failover tests may use: their participants' joins (1 and 4), the Chromium page's (a join,
     * and a try per second or so while it reconnects) and a margin.
     */
    private static final int FAILOVER_STARTS = 18;
    /** Chromium's page live on the room's node: a browser's start and the first frames on a shared machine. */
    private static final Duration BROWSER_LIVE_LIMIT = Duration.ofSeconds(90);
    /** Generous bounds on the page's notice of the kill and its resumption (the figures are printed). */
    private static final Duration BROWSER_NOTICE_LIMIT = Duration.ofSeconds(15);

    private static final Duration BROWSER_RESUME_LIMIT = Duration.ofSeconds(30);

    private static final Map<String, String> SETTINGS = Map.ofEntries(
            Map.entry("MAGICSHIELD_SESSIONS_MAX", Integer.toString(SLOTS)),
            // the machine is shared: other builds' CPU must not refuse sessions (CPU weighs in the load as well)
            Map.entry("MAGICSHIELD_SESSIONS_CPU_THRESHOLD_PERCENT", "100"),
            Map.entry("MAGICSHIELD_SESSIONS_RATE_LIMIT_STARTS", Integer.toString(STARTS)),
            // a long window: the quota barely refills while the tests run (one start in 140 s)
            Map.entry("MAGICSHIELD_SESSIONS_RATE_LIMIT_WINDOW_SECONDS", "3600"),
            Map.entry("MAGICSHIELD_ROOMS_MAX", "40"),
            Map.entry("MAGICSHIELD_CLUSTER_DRAIN_DEADLINE_SECONDS", Long.toString(DRAIN_DEADLINE.toSeconds())),
            Map.entry("MAGICSHIELD_ROOMS_CREATE_RATE_ROOMS", Integer.toString(ROOMS)),
            // a window so long that no room creation refills while the tests run (one in 15 min)
            Map.entry("MAGICSHIELD_ROOMS_CREATE_RATE_WINDOW_SECONDS", "36000"));

    private static LocalCluster cluster;
    /** Session starts made so far from this address: the quota's tests count on them. */
    private static int startsUsed;
    /** Solo starts accepted by each node in the quota's first test. */
    private static final Map<String, Integer> startsOnNodes = new TreeMap<>();
    /** Rooms created so far from this address (through the balancer or on a node): the quota's tests count on them. */
    private static int roomsCreated;
    /** Rooms created on each node directly in the quota's first test. */
    private static final Map<String, Integer> roomsOnNodes = new TreeMap<>();
    /** The node left after the failover test's kill. */
    private static String survivor;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * What this JVM sends straight to a node to be the same client as through the balancer: the nodes believe the
     * balancer's host (the trusted proxy) when it names the client, and the balancer names this JVM 127.0.0.1. Where
     * the nodes are test hosts of their own this JVM reaches them from the bridge's address, the balancer's, which
     * would otherwise be a second client with quotas of its own; on the loopback it changes nothing.
     */
    private static final Map<String, String> AS_THIS_CLIENT = Map.of("X-Forwarded-For", "127.0.0.1");

    @BeforeAll
    static void startCluster() throws Exception {
        long began = System.nanoTime();
        cluster = LocalCluster.start(SETTINGS);
        System.out.printf(
                "[cluster] balancer and two nodes up in %.1f s (shared 2-core machine); resident MiB %s%n",
                (System.nanoTime() - began) / 1e9, cluster.residentMiB());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Media goes from the client to the node straight: a WebRTC peer in this JVM connects to each node's session, and
     * the server candidates it got are the node's own address (its test host's where the nodes have their own).
     */
    @Test
    @Order(0)
    void eachNodesMediaCandidatesAreItsOwnAddress() {
        for (String node : LocalCluster.NODES) {
            URI base = cluster.node(node);
            try (SignalingClient session = straight(base)) {
                session.send(ClientMessages.start());
                JsonObject ready = session.await("ready");
                startsUsed++;
                try (WebRtcTestPeer peer = new WebRtcTestPeer(Negotiation.iceServers(ready), VideoFrame::release)) {
                    Negotiation.run(session, peer);
                    RTCStatsReport report = Await.result(peer.rtcStats(), Duration.ofSeconds(10), "the peer's stats");
                    Set<String> candidates = new TreeSet<>();
                    String used = null;
                    for (RTCStats stats : report.getStats().values()) {
                        if (stats.getType() == RTCStatsType.REMOTE_CANDIDATE) {
                            candidates.add(address(stats));
                        } else if (stats.getType() == RTCStatsType.CANDIDATE_PAIR
                                && "succeeded"
                                        .equals(String.valueOf(
                                                stats.getAttributes().get("state")))) {
                            used = address(report.getStats()
                                    .get(String.valueOf(stats.getAttributes().get("remoteCandidateId"))));
                        }
                    }
                    System.out.printf(
                            "[cluster] %s at %s: its ICE candidates %s, media connected to %s%n",
                            node, cluster.address(node), candidates, used);
                    if (cluster.namespaced()) {
                        assertEquals(Set.of(cluster.address(node)), candidates, node + "'s candidates");
                        assertEquals(cluster.address(node), used, "media went to " + node + "'s own address");
                    } else {
                        System.out.println("[cluster] the nodes share the loopback here: their candidates are the"
                                + " machine's addresses, not asserted");
                    }
                }
            }
        }
    }

    /** A candidate's IP address ({@code address}, or {@code ip} in older WebRTC stats). */
    private static String address(RTCStats candidate) {
        Object address = candidate.getAttributes().get("address");
        return String.valueOf(
                address != null ? address : candidate.getAttributes().get("ip"));
    }

    @Test
    @Order(1)
    void aRoomsParticipantsMeetOnItsNodeWhicheverNodeServedTheirPage() throws Exception {
        Map<String, List<String>> byNode = new TreeMap<>();
        for (int i = 0; i < 4; i++) {
            String room = createRoom();
            byNode.computeIfAbsent(hostOf(room), n -> new ArrayList<>()).add(room);
        }
        // with both nodes idle the balancer may favour either (the load of each is a smoothed figure): the spread is
        // the ramp's test, this one's is the route
        System.out.println("[cluster] rooms created through the balancer, by node: " + byNode);

        String room = createRoomOn("node1");
        // every node's page for the room routes to the room's node
        for (String node : LocalCluster.NODES) {
            assertEquals("node1", routeIn(get(cluster.node(node).resolve("room/" + room))), "the page from " + node);
        }
        // a socket that reaches the other node without the route is told where the room is
        try (SignalingClient stray = straight(cluster.node("node2"))) {
            stray.send(join(room));
            assertTrue(stray.expectError("ROOM_ELSEWHERE").contains("node1"));
        }
        // two participants whose pages came through the balancer both reach the room's node
        try (RoomParticipant a = joined(room);
                RoomParticipant b = joined(room)) {
            assertNotEquals(a.streamId(), b.streamId());
            assertTrue(a.streamId().startsWith(room + ".") && b.streamId().startsWith(room + "."));
        }
    }

    @Test
    @Order(2)
    void newRoomsGoToTheNodeWithSlotsLeft() throws Exception {
        List<SignalingClient> filling = new ArrayList<>();
        try {
            URI node1 = cluster.node("node1");
            for (int i = 0; i < SLOTS; i++) {
                SignalingClient session = straight(node1);
                filling.add(session);
                session.send(ClientMessages.start());
                session.await("ready");
                startsUsed++;
            }
            Await.pause(Duration.ofSeconds(3)); // mod_cluster reports each node's load every second
            Map<String, Integer> placed = new TreeMap<>(Map.of("node1", 0, "node2", 0));
            for (int i = 0; i < 8; i++) {
                placed.merge(hostOf(createRoom()), 1, Integer::sum);
            }
            System.out.println("[cluster] node1 with all " + SLOTS + " slots in use; 8 new rooms went to " + placed);
            assertTrue(placed.get("node2") >= 6, "the node with slots left takes most new rooms: " + placed);
        } finally {
            filling.forEach(SignalingClient::close);
        }
    }

    @Test
    @Order(3)
    void aRampOfSessionsThroughTheBalancerSpreadsOverTheNodes() {
        List<SignalingClient> ramp = new ArrayList<>();
        URI balancer = cluster.balancer();
        // the placement test's sessions end as their sockets close; a node still counting them reports itself full
        Await.until(
                () -> LocalCluster.NODES.stream()
                        .allMatch(n -> cluster.metrics(n).value("magicshield_sessions_active") == 0),
                Duration.ofSeconds(20),
                () -> "the nodes still run the earlier tests' sessions");
        Await.pause(Duration.ofSeconds(2)); // and the balancer has heard so (a load report every second)
        try {
            for (int i = 0; i < RAMP; i++) {
                SignalingClient session =
                        SignalingClient.connect(LocalCluster.signaling(balancer), LocalCluster.origin(balancer));
                ramp.add(session);
                session.send(ClientMessages.start());
                session.await("ready"); // a refusal (SERVER_FULL: sent to a full node) fails here
                startsUsed++;
                Await.pause(RAMP_STEP);
            }
            Map<String, Integer> placed = new TreeMap<>();
            for (String node : LocalCluster.NODES) {
                placed.put(node, (int) cluster.metrics(node).value("magicshield_sessions_active"));
            }
            System.out.printf(
                    "[cluster] a ramp of %d sessions through the balancer, one every %.1f s: %s (%d slots a node);"
                            + " resident MiB %s%n",
                    RAMP, RAMP_STEP.toMillis() / 1e3, placed, SLOTS, cluster.residentMiB());
            assertEquals(
                    RAMP, placed.values().stream().mapToInt(Integer::intValue).sum());
            assertTrue(placed.values().stream().allMatch(n -> n >= RAMP / 2 - 1), "spread by load: " + placed);
        } finally {
            ramp.forEach(SignalingClient::close);
        }
    }

    @Test
    @Order(4)
    void startsAndRoomCreationsOnBothNodesDrawOnOneQuota() throws Exception {
        Map<String, Integer> accepted = new TreeMap<>(Map.of("node1", 0, "node2", 0));
        for (int i = 0; startsUsed < STARTS - FAILOVER_STARTS; i++) {
            String node = LocalCluster.NODES.get(i % 2);
            assertTrue(start(node), "start " + (startsUsed + 1) + " of " + STARTS + " on " + node);
            accepted.merge(node, 1, Integer::sum);
        }
        startsOnNodes.putAll(accepted);
        System.out.printf("[cluster] starts accepted by node, on top of the rooms' and placement's: %s%n", accepted);
        int before = roomsCreated;
        for (int i = 0; roomsCreated < ROOMS - FAILOVER_ROOMS; i++) {
            String node = LocalCluster.NODES.get(i % 2);
            createRoomOn(node);
            roomsOnNodes.merge(node, 1, Integer::sum);
        }
        System.out.printf(
                "[cluster] rooms created by node, on top of the %d through the balancer and on nodes before: %s%n",
                before, roomsOnNodes);
    }

    @Test
    @Order(5)
    void theDrainSwitchServesOnlyAnOperatorWithTheToken() throws Exception {
        URI node1 = cluster.node("node1");
        // the nodes have the metrics token (this JVM is another host to them where they have hosts of their own):
        // without it, through the balancer or to the node, naming a client or not, refused
        assertEquals(401, drainRequest("POST", cluster.balancer(), Map.of()).statusCode());
        assertEquals(401, drainRequest("POST", node1, Map.of()).statusCode());
        assertEquals(
                401,
                drainRequest("POST", node1, Map.of("X-Forwarded-For", "127.0.0.1"))
                        .statusCode());
        assertEquals(401, drainRequest("DELETE", cluster.balancer(), Map.of()).statusCode());
        assertEquals(
                401,
                drainRequest("POST", node1, Map.of("Authorization", "Bearer " + "0".repeat(32)))
                        .statusCode());
        // from a web page (Origin): refused even with the token
        assertEquals(
                403,
                drainRequest("POST", node1, operator(Map.of("Origin", "http://127.0.0.1:8080")))
                        .statusCode());
        // another method: HttpServlet's 405 over HTTP/1.1, 400 over HTTP/2 (the JDK's client may have upgraded)
        int put = drainRequest("PUT", node1, operator(Map.of())).statusCode();
        assertTrue(put == 405 || put == 400, "PUT: " + put);
        HttpResponse<String> status = drainRequest("GET", node1, operator(Map.of()));
        assertEquals(200, status.statusCode(), status.body());
        assertFalse(json(status).getBoolean("draining"), "nothing refused began a drain: " + status.body());
        // ending a drain that never began changes nothing
        HttpResponse<String> ended = drainRequest("DELETE", node1, operator(Map.of()));
        assertEquals(200, ended.statusCode(), ended.body());
        assertFalse(json(ended).getBoolean("draining"));
    }

    @Test
    @Order(6)
    void aDrainedNodeEmptiesWithoutARefusedSession() throws Exception {
        String room = createRoomOn("node1");
        URI node1 = cluster.node("node1");
        List<SignalingClient> moving = new ArrayList<>();
        try (RoomParticipant a = joined(room);
                RoomParticipant b = joined(room);
                SignalingClient solo = straight(node1)) {
            solo.send(ClientMessages.start());
            solo.await("ready");
            startsUsed++;
            moving.addAll(List.of(a.socket(), b.socket(), solo));
            // the operator's drain; a body and a query parameter, which are not read, change nothing
            HttpResponse<String> began =
                    drainRequest("POST", node1.resolve("api/drain?deadline=0"), operator(Map.of()));
            long drained = System.nanoTime();
            assertEquals(202, began.statusCode(), began.body());
            JsonObject status = json(began);
            assertTrue(status.getBoolean("draining"), began.body());
            assertEquals(3, status.getInt("sessions"), began.body());
            assertTrue(status.getInt("secondsLeft") >= DRAIN_DEADLINE.toSeconds() - 1, "the configured deadline");
            assertEquals(
                    202,
                    drainRequest("POST", node1, operator(Map.of())).statusCode(),
                    "a second drain keeps the first");

            Await.pause(Duration.ofSeconds(2)); // the balancer hears of it from mod_cluster
            Map<String, Integer> placed = new TreeMap<>(Map.of("node1", 0, "node2", 0));
            for (int i = 0; i < 6; i++) {
                placed.merge(hostOf(createRoom()), 1, Integer::sum);
            }
            System.out.println("[cluster] node1 drained: 6 new rooms went to " + placed);
            assertEquals(0, placed.get("node1"), "no new room on the drained node: " + placed);
            assertTrue(moving.stream().allMatch(SignalingClient::isOpen), "running sessions go on until the deadline");

            // at the deadline each session is told to move
            for (SignalingClient client : moving) {
                JsonObject ended = client.await("ended");
                assertEquals("moved", ended.getString("reason"), ended.toString());
            }
            long moved = System.nanoTime();
            // and each comes back through the balancer, on the other node, at its first try
            try (RoomParticipant a2 = rejoined(a);
                    RoomParticipant b2 = rejoined(b);
                    SignalingClient solo2 = SignalingClient.connect(
                            LocalCluster.signaling(cluster.balancer()), LocalCluster.origin(cluster.balancer()))) {
                solo2.send(ClientMessages.start());
                assertEquals("ready", solo2.next().getString("type"), "the moved solo session starts again");
                startsUsed++;
                long back = System.nanoTime();
                assertEquals(List.of(1, 1), List.of(a2.tries(), b2.tries()), "no join refused (ROOM_ELSEWHERE)");
                assertEquals("node2", hostOf(room), "the room moved to the other node");
                assertTrue(a2.streamId().startsWith(room + ".") && b2.streamId().startsWith(room + "."));
                Await.until(
                        () -> cluster.metrics("node1").value("magicshield_sessions_active") == 0,
                        Duration.ofSeconds(10),
                        () -> "node1 still runs sessions");
                System.out.printf(
                        "[cluster] node1 drained with a %d s deadline: its 3 sessions (2 in a room) told to move"
                                + " %.2f s after the drain began, all back on node2 %.2f s later, none refused;"
                                + " node1 empty%n",
                        DRAIN_DEADLINE.toSeconds(), (moved - drained) / 1e9, (back - moved) / 1e9);
            }
        } finally {
            HttpResponse<String> ended = drainRequest("DELETE", node1, operator(Map.of()));
            assertEquals(200, ended.statusCode(), ended.body());
            Await.pause(Duration.ofSeconds(2)); // the balancer hears of it
        }
    }

    @Test
    @Order(7)
    void aParticipantResumesOnTheOtherNodeAfterItsNodeIsKilled() throws Exception {
        String room = createRoom();
        String host = hostOf(room);
        String other = host.equals("node1") ? "node2" : "node1";
        String earlier = createRoomOn(host);
        try (RoomParticipant participant = joined(room);
                ChromiumBrowser chromium = new ChromiumBrowser(PatternCamera.file(), PatternCamera.workDir())) {
            // Chromium's room page, through the balancer: live, its own processed video showing
            chromium.driver()
                    .get(cluster.balancer()
                            .resolve("room/" + room + "?autostart")
                            .toString());
            startsUsed++;
            RoomProbe probe = new RoomProbe(chromium.driver());
            RoomProbe.Sample live = probe.await(s -> "live".equals(s.state()) && s.self() != null, BROWSER_LIVE_LIMIT);
            assertTrue(
                    "live".equals(live.state()) && live.self() != null, "the page is live on the room's node: " + live);
            String roomWindow = chromium.driver().getWindowHandle();
            // the solo page in a second window: the room's route cookie (path /ws/) sends its socket to the same node
            chromium.driver().switchTo().newWindow(WindowType.WINDOW);
            String soloWindow = chromium.driver().getWindowHandle();
            chromium.driver().get(cluster.balancer().resolve("?autostart").toString());
            startsUsed++;
            PageProbe solo = new PageProbe(chromium.driver());
            PageProbe.Sample soloLive =
                    solo.await(s -> "live".equals(s.state()) && s.remoteSize() != null, BROWSER_LIVE_LIMIT);
            assertTrue("live".equals(soloLive.state()) && soloLive.remoteSize() != null, "the solo page: " + soloLive);
            chromium.driver().switchTo().window(roomWindow);

            long killed = System.nanoTime();
            long killedAt = System.currentTimeMillis();
            cluster.kill(host);
            // the Java client: its heartbeat finds the socket closed, then it loads the page and joins again
            CompletableFuture<Resumption> java = CompletableFuture.supplyAsync(() -> {
                SignalingClient.Closed closed = participant.heartbeatUntilClosed();
                long noticed = System.nanoTime();
                try {
                    return new Resumption(closed, noticed, rejoined(participant), System.nanoTime());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            // the page, on its own: it notices, says so, and shows its processed video again from the other node
            String noticed = pageState(chromium, s -> !"live".equals(s), BROWSER_NOTICE_LIMIT);
            long pageNoticed = System.nanoTime();
            String banner = probe.sample().banner();
            assertEquals("reconnecting", noticed, "the page says it is reconnecting: " + banner);
            RoomProbe.Sample back = probe.await(
                    s -> "live".equals(s.state()) && s.self() != null && s.streamId() != null, BROWSER_RESUME_LIMIT);
            long pageBack = System.nanoTime();
            assertTrue("live".equals(back.state()) && back.self() != null, "the page resumed: " + back);
            assertTrue(back.streamId().startsWith(room + "."), "in the same room: " + back.streamId());
            startsUsed++;
            Map<String, Object> roomLoss = lastReconnect(chromium);
            // the solo page, on its own as well: a fresh session with the same camera, its processed video back
            chromium.driver().switchTo().window(soloWindow);
            PageProbe.Sample soloBack =
                    solo.await(s -> "live".equals(s.state()) && s.remoteSize() != null, BROWSER_RESUME_LIMIT);
            long soloShown = System.currentTimeMillis();
            assertTrue("live".equals(soloBack.state()) && soloBack.remoteSize() != null, "solo resumed: " + soloBack);
            Map<String, Object> soloLoss = lastReconnect(chromium);
            startsUsed++;
            System.out.printf(
                    "[cluster] after %s's SIGKILL, by the pages' own clocks: room page noticed %d ms after the kill"
                            + " (%s), live again %s ms later; solo page noticed %d ms after (%s), live again %s ms"
                            + " later, its processed video shown %d ms after the kill%n",
                    host,
                    ((Number) roomLoss.get("lostAt")).longValue() - killedAt,
                    roomLoss.get("reason"),
                    roomLoss.get("resumedAfterMs"),
                    ((Number) soloLoss.get("lostAt")).longValue() - killedAt,
                    soloLoss.get("reason"),
                    soloLoss.get("resumedAfterMs"),
                    soloShown - killedAt);
            System.out.printf(
                    "[cluster] Chromium's room page after %s's SIGKILL: noticed in %.2f s (\"%s\"), its processed"
                            + " video back %.2f s later (%.2f s from the kill)%n",
                    host,
                    (pageNoticed - killed) / 1e9,
                    banner,
                    (pageBack - pageNoticed) / 1e9,
                    (pageBack - killed) / 1e9);

            Resumption resumption = Await.result(java, Duration.ofSeconds(60), "the Java participant's resumption");
            try (RoomParticipant resumed = resumption.participant()) {
                survivor = hostOf(room);
                System.out.printf(
                        "[cluster] %s killed (SIGKILL): the socket closed (%d) after %.2f s, the participant resumed"
                                + " on %s %.2f s later (%d tries)%n",
                        host,
                        resumption.closed().code(),
                        (resumption.noticed() - killed) / 1e9,
                        survivor,
                        (resumption.back() - resumption.noticed()) / 1e9,
                        resumed.tries());
                assertTrue(resumed.streamId().startsWith(room + "."));
                assertEquals(other, survivor, "the room is on the surviving node now");
                // a newcomer through the balancer meets the resumed participants there
                try (RoomParticipant newcomer = joined(room)) {
                    assertTrue(newcomer.streamId().startsWith(room + "."));
                }
            }
        }
        // the directory outlived the node: its other room opens again on the survivor when someone comes
        assertEquals(200, get(cluster.balancer().resolve("room/" + earlier)).statusCode());
        try (RoomParticipant late = joined(earlier)) {
            assertEquals(survivor, hostOf(earlier));
        }
    }

    /** A Java participant's way back after its node's kill: its socket's close, when, the participant again, when. */
    private record Resumption(SignalingClient.Closed closed, long noticed, RoomParticipant participant, long back) {}

    @Test
    @Order(8)
    void theQuotasHeldOnEveryNodeAndOutlivedTheKilledOne() throws Exception {
        int before = startsUsed;
        int accepted = 0;
        while (accepted <= STARTS && start(survivor)) {
            accepted++;
        }
        System.out.printf(
                "[cluster] start quota %d of one address: %d used on both nodes (%s by start alone), then %s took %d"
                        + " more before refusing%n",
                STARTS, before, startsOnNodes, survivor, accepted);
        // a quota per node would have given the survivor a whole one of its own; the window refills one start in 140 s
        assertTrue(before + accepted <= STARTS + 1, "one quota for the address across nodes: " + accepted);
        assertTrue(startsOnNodes.values().stream().allMatch(n -> n > 0), "both nodes drew on it: " + startsOnNodes);
        // another client behind the balancer (its X-Forwarded-For, believed from the balancer's address) has its own
        URI node = cluster.node(survivor);
        try (SignalingClient other = SignalingClient.connect(
                LocalCluster.signaling(node),
                LocalCluster.origin(node),
                HTTP,
                Map.of("X-Forwarded-For", "198.51.100.7"))) {
            other.send(ClientMessages.start());
            other.await("ready");
        }

        // room creations likewise: the survivor creates what is left of the address's one quota, then refuses
        int roomsBefore = roomsCreated;
        int roomsAccepted = 0;
        HttpResponse<String> refused;
        while ((refused = postRoom(node, AS_THIS_CLIENT)).statusCode() == 201 && roomsAccepted <= ROOMS) {
            roomsAccepted++;
            roomsCreated++;
        }
        System.out.printf(
                "[cluster] room creation quota %d of one address: %d used on both nodes (%s directly), then %s took"
                        + " %d more before refusing: %d %s%n",
                ROOMS, roomsBefore, roomsOnNodes, survivor, roomsAccepted, refused.statusCode(), refused.body());
        assertEquals(429, refused.statusCode(), refused.body());
        assertEquals("RATE_LIMITED", json(refused).getString("error"), refused.body());
        // a quota per node would have given the survivor a whole one; the window refills none while the tests run
        assertEquals(ROOMS, roomsBefore + roomsAccepted, "one quota for the address across nodes: " + roomsAccepted);
        assertTrue(roomsOnNodes.values().stream().allMatch(n -> n > 0), "both nodes drew on it: " + roomsOnNodes);
        // naming another client through the balancer changes nothing: the balancer's own X-Forwarded-For is believed
        HttpResponse<String> named = postRoom(cluster.balancer(), Map.of("X-Forwarded-For", "198.51.100.7"));
        assertEquals(429, named.statusCode(), "a client's own X-Forwarded-For: " + named.body());
        // another client behind the balancer (named from the balancer's address) has a quota of its own
        HttpResponse<String> other = postRoom(node, Map.of("X-Forwarded-For", "198.51.100.7"));
        assertEquals(201, other.statusCode(), other.body());
    }

    /**
     * The page's state ({@code window.magicShield.state}) once it meets {@code condition}, looked at every 50 ms (a
     * light look, for the timing), or the last one after {@code limit}.
     */
    private static String pageState(ChromiumBrowser browser, Predicate<String> condition, Duration limit) {
        long until = System.nanoTime() + limit.toNanos();
        String state = null;
        while (System.nanoTime() < until) {
            state = (String) browser.driver().executeScript("return window.magicShield.state;");
            if (condition.test(state)) {
                break;
            }
            Await.pause(Duration.ofMillis(50));
        }
        return state;
    }

    /** The page's last loss and resumption ({@code window.magicShield.reconnects}); fails when it has none. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> lastReconnect(ChromiumBrowser browser) {
        List<Map<String, Object>> reconnects =
                (List<Map<String, Object>>) browser.driver().executeScript("return window.magicShield.reconnects;");
        assertFalse(reconnects.isEmpty(), "the page reconnected");
        return reconnects.get(reconnects.size() - 1);
    }

    /** A participant joined through the balancer; each join is a session start of the address. */
    private static RoomParticipant joined(String room) throws InterruptedException {
        RoomParticipant participant = RoomParticipant.join(cluster, room);
        startsUsed++;
        return participant;
    }

    private static RoomParticipant rejoined(RoomParticipant participant) throws InterruptedException {
        RoomParticipant again = participant.rejoin();
        startsUsed++;
        return again;
    }

    private static JsonObject join(String room) {
        return ClientMessages.join(room);
    }

    /** Whether a solo session starts on the node ({@code ready}), or is refused for the address's quota. */
    private static boolean start(String node) {
        URI base = cluster.node(node);
        try (SignalingClient session = straight(base)) {
            session.send(ClientMessages.start());
            JsonObject answer = session.next();
            if (answer.getString("type").equals("ready")) {
                startsUsed++;
                return true;
            }
            assertEquals("RATE_LIMITED", answer.getString("code", ""), answer.toString());
            return false;
        }
    }

    /** A signaling socket straight to a node (around the balancer), as the client this JVM is through the balancer. */
    private static SignalingClient straight(URI node) {
        return SignalingClient.connect(LocalCluster.signaling(node), LocalCluster.origin(node), HTTP, AS_THIS_CLIENT);
    }

    /** A room made through the balancer: one of the address's room creations. */
    private static String createRoom() throws Exception {
        HttpResponse<String> created = postRoom(cluster.balancer(), Map.of());
        assertEquals(201, created.statusCode(), created.body());
        roomsCreated++;
        return json(created).getString("id");
    }

    /** A room on {@code node}: made there directly, around the balancer. */
    private static String createRoomOn(String node) throws Exception {
        HttpResponse<String> created = postRoom(cluster.node(node), AS_THIS_CLIENT);
        assertEquals(201, created.statusCode(), created.body());
        roomsCreated++;
        String room = json(created).getString("id");
        assertEquals(node, hostOf(room));
        return room;
    }

    /** {@code POST /api/rooms} on {@code base} (the balancer or a node) with these headers. */
    private static HttpResponse<String> postRoom(URI base, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/rooms"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code headers} and the operator's {@code Authorization} with the nodes' metrics token. */
    private static Map<String, String> operator(Map<String, String> headers) {
        Map<String, String> all = new TreeMap<>(headers);
        all.put("Authorization", "Bearer " + cluster.operatorToken());
        return all;
    }

    /** A request to the drain switch at {@code uri} ({@code /api/drain} when it names a base), with a body. */
    private static HttpResponse<String> drainRequest(String method, URI uri, Map<String, String> headers)
            throws Exception {
        URI target = uri.getPath().endsWith("/") ? uri.resolve("api/drain") : uri;
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofString("{\"deadline\": 0}".repeat(1000)));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new java.io.StringReader(response.body())).readObject();
    }

    private static String hostOf(String room) {
        return cluster.hostOf(room);
    }

    private static String routeIn(HttpResponse<String> page) {
        return LocalCluster.routeIn(page);
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
