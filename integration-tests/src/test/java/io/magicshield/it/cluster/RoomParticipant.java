package io.magicshield.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.magicshield.it.Await;
import io.magicshield.it.signaling.ClientMessages;
import io.magicshield.it.signaling.SignalingClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A participant whose page came through the balancer (so its socket carries the page's route cookie). */
public final class RoomParticipant implements AutoCloseable {
    /** Bounded: the survivor may still see the killed node in its view for a moment and send the page there. */
    private static final Duration RESUME_LIMIT = Duration.ofSeconds(20);
    /** The client's heartbeat: it bounds how late a dead node is noticed. */
    private static final Duration HEARTBEAT = Duration.ofMillis(250);

    private final LocalCluster cluster;
    private final String room;
    private final HttpClient browser;
    private final SignalingClient socket;
    private final String streamId;
    private final int tries;

    private RoomParticipant(
            LocalCluster cluster, String room, HttpClient browser, SignalingClient socket, String streamId, int tries) {
        this.cluster = cluster;
        this.room = room;
        this.browser = browser;
        this.socket = socket;
        this.streamId = streamId;
        this.tries = tries;
    }

    /** Joins as a browser of its own would: a cookie store, the page's route cookie in it. */
    public static RoomParticipant join(LocalCluster cluster, String room) throws InterruptedException {
        return join(
                cluster,
                room,
                HttpClient.newBuilder()
                        .cookieHandler(new CookieManager())
                        .connectTimeout(Duration.ofSeconds(5))
                        .build());
    }

    /**
     * Loads the page and joins through the balancer; again while the room is elsewhere or the balancer has no
     * way to a node yet (a node just died), up to {@link #RESUME_LIMIT}.
     */
    private static RoomParticipant join(LocalCluster cluster, String room, HttpClient browser)
            throws InterruptedException {
        long until = System.nanoTime() + RESUME_LIMIT.toNanos();
        String last = "nothing tried";
        for (int tries = 1; System.nanoTime() < until; tries++) {
            try {
                HttpResponse<String> page = browser.send(
                        HttpRequest.newBuilder(cluster.balancer().resolve("room/" + room))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                last = "page " + page.statusCode();
                if (page.statusCode() == 200) {
                    SignalingClient socket = SignalingClient.connect(
                            LocalCluster.signaling(cluster.balancer()),
                            LocalCluster.origin(cluster.balancer()),
                            browser);
                    socket.send(ClientMessages.join(room));
                    JsonObject answer = socket.next();
                    if (answer.getString("type").equals("ready")) {
                        String stream = answer.getJsonObject("room").getString("streamId");
                        return new RoomParticipant(cluster, room, browser, socket, stream, tries);
                    }
                    socket.close();
                    last = answer.toString();
                    assertEquals("ROOM_ELSEWHERE", answer.getString("code", ""), last);
                }
            } catch (IOException | AssertionError e) { // the page or the handshake met the dead node
                last = e.toString();
            }
            Await.pause(Duration.ofMillis(200));
        }
        throw new AssertionError("no node took the room within " + RESUME_LIMIT + ": " + last);
    }

    /**
     * Pings every {@link #HEARTBEAT} until the socket closes, as a client's heartbeat: a write is what makes a proxy
     * find a connection whose far end is gone.
     */
    public SignalingClient.Closed heartbeatUntilClosed() {
        long until = System.nanoTime() + SignalingClient.TIMEOUT.toNanos();
        while (socket.isOpen() && System.nanoTime() < until) {
            socket.ping();
            Await.pause(HEARTBEAT);
        }
        return socket.awaitClose();
    }

    public RoomParticipant rejoin() throws InterruptedException {
        return join(cluster, room, browser);
    }

    public String streamId() {
        return streamId;
    }

    public SignalingClient socket() {
        return socket;
    }

    /** The node the room, and so this participant, is on. */
    public String node() {
        return cluster.hostOf(room);
    }

    /** How many page loads and joins it took. */
    public int tries() {
        return tries;
    }

    @Override
    public void close() {
        socket.close();
    }
}
