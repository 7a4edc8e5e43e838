package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.browser.ChromiumBrowser;
import io.magicshield.it.browser.MagentaPicture;
import io.magicshield.it.browser.PageProbe;
import io.magicshield.it.browser.PatternCamera;
import io.magicshield.it.cluster.LocalCluster;
import io.magicshield.it.cluster.RoomParticipant;
import io.magicshield.it.rtc.FrameSender.Shot;
import io.magicshield.it.rtc.WhepPlayer;
import io.magicshield.it.rtc.WhipPublisher;
import io.magicshield.it.video.TestPattern;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * WHEP through the cluster's balancer (docs/cluster.md, "WHEP through the balancer"): a node that does not host a
 * stream answers {@code 307} to the same path with the host's sticky route, which the balancer follows, so a player
 * through the balancer plays a stream on either node, and a WHIP publisher joining a room elsewhere is redirected the
 * same way; the resources (WHEP's and WHIP's {@code Location}) carry their
 * node's route, so their DELETE reaches it; hostile routes and ids are never redirected (at most one redirect, no
 * loop, nothing but this origin's path); a stream whose node was killed is 404 with the reason, and Chromium's solo
 * page on that node resumes on the other with the background picture it had sent (docs/cluster.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterWhepIT {

    private static final String TOKEN = "cluster-whep-it-token-0123";
    private static final Map<String, String> SETTINGS = Map.of(
            "MAGICSHIELD_WHIP_TOKENS", TOKEN,
            // the machine is shared: other builds' CPU must not refuse sessions
            "MAGICSHIELD_SESSIONS_CPU_THRESHOLD_PERCENT", "100",
            // about 15 starts (publishers, players, participants, the hostile offers that reach a stream's node)
            "MAGICSHIELD_SESSIONS_RATE_LIMIT_STARTS", "40",
            "MAGICSHIELD_ROOMS_CREATE_RATE_ROOMS", "20");
    /** Small frames at a low rate: two publishers' effects share two busy cores with three WildFly servers. */
    private static final List<Shot> SHOTS = TestPattern.shots(320, 240, 30);

    private static final int FPS = 15;
    /** Frames a player must see: a second of the publisher's video, processed and sent on. */
    private static final int FRAMES = 15;

    private static final Duration PLAY_LIMIT = Duration.ofSeconds(30);
    private static final Duration VIEW_LIMIT = Duration.ofSeconds(15);
    /** Chromium's page live, or live again: a browser's start and its first frames on a shared machine. */
    private static final Duration PAGE_LIMIT = Duration.ofSeconds(60);
    /** Never follows a redirect: the tests look at each answer. */
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static LocalCluster cluster;
    /** Published through the balancer, on whichever node it chose. */
    private static WhipPublisher viaBalancer;
    /** Published straight to the other node. */
    private static WhipPublisher onOther;

    private static String streamA;
    private static String hostA;
    private static String streamB;
    private static String hostB;

    @BeforeAll
    static void startCluster() throws Exception {
        long began = System.nanoTime();
        cluster = LocalCluster.start(SETTINGS);
        System.out.printf("[cluster-whep] balancer and two nodes up in %.1f s%n", (System.nanoTime() - began) / 1e9);
    }

    @AfterAll
    static void stopCluster() {
        if (viaBalancer != null) {
            viaBalancer.close();
        }
        if (onOther != null) {
            try {
                onOther.close();
            } catch (UncheckedIOException e) {
                // its node was killed: nothing to DELETE there
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aPlayerThroughTheBalancerPlaysAStreamOnEitherNode() {
        viaBalancer = new WhipPublisher(TOKEN);
        WhipPublisher.Answer a = viaBalancer.publish(cluster.balancer().resolve("whip"), SHOTS, FPS);
        assertEquals(201, a.status(), a.body());
        streamA = a.streamId();
        hostA = cluster.hostOf(roomOf(streamA));
        assertTrue(a.location().endsWith(";jsessionid=" + roomOf(streamA) + "." + hostA), a.location());
        hostB = LocalCluster.NODES.stream()
                .filter(n -> !n.equals(hostA))
                .findFirst()
                .orElseThrow();
        onOther = new WhipPublisher(TOKEN);
        WhipPublisher.Answer b = onOther.publish(cluster.node(hostB).resolve("whip"), SHOTS, FPS);
        assertEquals(201, b.status(), b.body());
        streamB = b.streamId();
        assertEquals(hostB, cluster.hostOf(roomOf(streamB)));
        System.out.printf(
                "[cluster-whep] WHIP through the balancer: %s on %s; straight to %s: %s%n",
                streamA, hostA, hostB, streamB);

        for (String stream : List.of(streamA, streamB)) {
            String host = stream.equals(streamA) ? hostA : hostB;
            String other = stream.equals(streamA) ? hostB : hostA;
            // the node without the stream redirects to this origin's path with the host's route...
            HttpResponse<String> redirect = post(cluster.node(other).resolve("whep/" + stream), Map.of());
            assertEquals(307, redirect.statusCode(), redirect.body());
            String location = redirect.headers().firstValue("Location").orElseThrow();
            assertEquals("/whep/" + stream + ";jsessionid=" + roomOf(stream) + "." + host, location);
            // ...which the balancer routes to the host: a player given it plays with no further redirect
            try (WhepPlayer player = new WhepPlayer()) {
                WhepPlayer.Answer answer = player.play(cluster.balancer().resolve(location));
                assertEquals(201, answer.status(), answer.body());
                assertEquals(0, answer.redirects());
                awaitFrames(player, stream);
            }
            // a player given the plain link plays whichever node the balancer picks first, with one redirect at most
            try (WhepPlayer player = new WhepPlayer()) {
                WhepPlayer.Answer answer = player.play(cluster.balancer().resolve("whep/" + stream));
                assertEquals(201, answer.status(), answer.body());
                assertTrue(answer.redirects() <= 1, "redirects: " + answer.redirects());
                assertTrue(
                        answer.location().endsWith(";jsessionid=" + roomOf(stream) + "." + host),
                        "the resource carries its node's route: " + answer.location());
                awaitFrames(player, stream);
                System.out.printf(
                        "[cluster-whep] %s (on %s) by its plain link through the balancer: %d redirect(s), %d"
                                + " frames, Location %s%n",
                        stream, host, answer.redirects(), player.frames(), answer.location());
                assertEquals(200, player.stop(), "DELETE through the balancer reaches the player's node");
            }
        }
    }

    @Test
    @Order(2)
    void aRoomParticipantsStreamAndAWhipJoinAreRedirectedToTheRoomsNode() throws Exception {
        // a WHIP publisher joining A's room on the node without it is redirected there, as a WHEP player is
        String roomA = roomOf(streamA);
        try (WhipPublisher stray = new WhipPublisher(TOKEN);
                WhipPublisher joiner = new WhipPublisher(TOKEN)) {
            WhipPublisher.Answer redirect = stray.publish(cluster.node(hostB).resolve("whip/" + roomA), SHOTS, FPS);
            assertEquals(307, redirect.status(), redirect.body());
            assertEquals("/whip/" + roomA + ";jsessionid=" + roomA + "." + hostA, redirect.location());
            WhipPublisher.Answer joined = joiner.publish(cluster.balancer().resolve(redirect.location()), SHOTS, FPS);
            assertEquals(201, joined.status(), joined.body());
            assertEquals(roomA + ".2", joined.streamId());
        }
        // a room on each node, a participant in each (sockets only: its stream has no frames, but it is routed)
        for (String node : LocalCluster.NODES) {
            String room = createRoomOn(node);
            try (RoomParticipant participant = RoomParticipant.join(cluster, room)) {
                String other = node.equals(hostA) ? hostB : hostA;
                HttpResponse<String> redirect =
                        post(cluster.node(other).resolve("whep/" + participant.streamId()), Map.of());
                assertEquals(307, redirect.statusCode(), redirect.body());
                assertEquals(
                        "/whep/" + participant.streamId() + ";jsessionid=" + room + "." + node,
                        redirect.headers().firstValue("Location").orElseThrow());
            }
        }
    }

    @Test
    @Order(3)
    void hostileRoutesAndIdsAreNeverRedirected() {
        String room = roomOf(streamB);
        // a request that carries a route already is never redirected again, whatever the route names
        for (Map.Entry<URI, Map<String, String>> request : Map.of(
                        cluster.node(hostA).resolve("whep/" + streamB + ";jsessionid=" + room + "." + hostA),
                        Map.<String, String>of(),
                        cluster.node(hostA).resolve("whep/" + streamB),
                        Map.of("Cookie", "JSESSIONID=" + room + "." + hostA),
                        // through the balancer: it follows the route to the node without the stream
                        cluster.balancer().resolve("whep/" + streamB + ";jsessionid=" + room + "." + hostA),
                        Map.<String, String>of())
                .entrySet()) {
            HttpResponse<String> answer = post(request.getKey(), request.getValue());
            assertEquals(404, answer.statusCode(), request + ": " + answer.body());
            assertFalse(answer.headers().firstValue("Location").isPresent(), request.toString());
        }
        // a route that names no node: the balancer picks one, which never redirects (400: the offer is no offer)
        for (String route : List.of("x.evil.example", "x.", "x." + "n".repeat(300))) {
            HttpResponse<String> answer =
                    post(cluster.balancer().resolve("whep/" + streamB + ";jsessionid=" + route), Map.of());
            assertNotEquals(307, answer.statusCode(), route + ": " + answer.body());
            assertFalse(answer.headers().firstValue("Location").isPresent(), route);
        }
        // ids that are no stream's, forged or overlong: 404 from every member, no Location
        for (String id : List.of(
                "AAAAAAAAAAAAAAAAAAAAAA.1",
                room + ".1.2",
                room,
                room + ".1234567",
                "a".repeat(65) + ".1",
                "a".repeat(5000) + ".1",
                room + ".1%0d%0aLocation:%20http:%2F%2Fevil.example")) {
            for (URI base : List.of(cluster.balancer(), cluster.node(hostA), cluster.node(hostB))) {
                HttpResponse<String> answer = post(base.resolve("whep/" + id), Map.of());
                assertEquals(404, answer.statusCode(), base + " " + id + ": " + answer.body());
                assertFalse(answer.headers().firstValue("Location").isPresent(), base + " " + id);
            }
        }
        // a participant that is not in the room: the room's node says so (the others only know the room's node)
        HttpResponse<String> absent = post(cluster.node(hostB).resolve("whep/" + room + ".99"), Map.of());
        assertEquals(404, absent.statusCode(), absent.body());
    }

    @Test
    @Order(4)
    void afterItsNodeIsKilledAStreamThereIsNotFoundAndAResumedPageSendsItsPictureAgain() throws Exception {
        try (ChromiumBrowser chromium = new ChromiumBrowser(PatternCamera.file(), PatternCamera.workDir())) {
            // the solo page, on the node to be killed: a room's page there sets the route cookie its socket follows
            ChromeDriver page = chromium.driver();
            page.get(cluster.balancer().resolve("room/" + createRoomOn(hostB)).toString());
            page.get(cluster.balancer().resolve("?autostart").toString());
            PageProbe probe = new PageProbe(page);
            PageProbe.Sample live = probe.await(s -> "live".equals(s.state()) && s.remoteSize() != null, PAGE_LIMIT);
            assertTrue("live".equals(live.state()) && live.remoteSize() != null, "the solo page: " + live);
            // the person's own picture as the background, through the page's file input
            page.executeScript(
                    "const s = arguments[0]; s.value = 'image'; s.dispatchEvent(new Event('change'));",
                    page.findElement(By.id("background")));
            page.findElement(By.id("backgroundPicture"))
                    .sendKeys(
                            MagentaPicture.write(PatternCamera.workDir().resolve("cluster-whep-picture.png"), 160, 120)
                                    .toString());
            awaitPicture(page, 1);

            cluster.kill(hostB);
            long until = System.nanoTime() + VIEW_LIMIT.toNanos();
            HttpResponse<String> answer;
            int asked = 0;
            do { // until the survivor's view has dropped the killed node (FD_SOCK2: about a second)
                Await.pause(Duration.ofMillis(250));
                answer = post(cluster.balancer().resolve("whep/" + streamB), Map.of());
                asked++;
            } while (answer.statusCode() != 404 && System.nanoTime() < until);
            System.out.printf(
                    "[cluster-whep] after %s's kill, asked %d times: %d %s%n",
                    hostB, asked, answer.statusCode(), answer.body());
            assertEquals(404, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("left the cluster"), answer.body());
            assertFalse(answer.headers().firstValue("Location").isPresent());

            // the page resumes on the survivor with a fresh session, and sends the picture again once it is ready
            PageProbe.Sample back = probe.await(
                    s -> "live".equals(s.state()) && s.remoteSize() != null && reconnects(page) > 0, PAGE_LIMIT);
            assertTrue("live".equals(back.state()) && reconnects(page) > 0, "the solo page resumed: " + back);
            awaitPicture(page, 2);
            System.out.printf("[cluster-whep] the resumed solo page sent its picture again: %s%n", pictureState(page));
        }
        // the survivor's stream still plays through the balancer, and its publisher's DELETE reaches its node
        try (WhepPlayer player = new WhepPlayer()) {
            assertEquals(
                    201,
                    player.play(cluster.balancer().resolve("whep/" + streamA)).status());
            awaitFrames(player, streamA);
        }
        assertEquals(200, viaBalancer.stop(), "the WHIP resource's DELETE through the balancer");
    }

    /** Until the page has sent {@code count} pictures and the server's options in force show the picture. */
    private static void awaitPicture(ChromeDriver page, int count) {
        Await.until(
                () -> pictureState(page).equals(count + " image"), PAGE_LIMIT, () -> "picture: " + pictureState(page));
    }

    /** Pictures sent, and the background the server's options say is in force (the page shows them). */
    private static String pictureState(ChromeDriver page) {
        return String.valueOf(page.executeScript(
                "return window.magicShield.picturesSent + ' ' + document.getElementById('background').value"));
    }

    private static long reconnects(ChromeDriver page) {
        return ((Number) page.executeScript("return window.magicShield.reconnects.length")).longValue();
    }

    private static void awaitFrames(WhepPlayer player, String stream) {
        Await.until(() -> player.frames() >= FRAMES, PLAY_LIMIT, () -> stream + ": " + player.frames() + " frames");
    }

    private static String roomOf(String stream) {
        return stream.substring(0, stream.indexOf('.'));
    }

    private static String createRoomOn(String node) {
        HttpResponse<String> created =
                send(HttpRequest.newBuilder(cluster.node(node).resolve("api/rooms"))
                        .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** A POST of an offer that is no real one: enough for the routing, which comes before any negotiation. */
    private static HttpResponse<String> post(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString("v=0\r\n"));
        headers.forEach(request::header);
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
