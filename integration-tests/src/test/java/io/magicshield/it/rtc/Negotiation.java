package io.magicshield.it.rtc;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceServer;
import io.magicshield.it.Await;
import io.magicshield.it.signaling.ClientMessages;
import io.magicshield.it.signaling.SignalingClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the page does between {@code ready} and live video: offer, answer, and trickle ICE both ways until the peer
 * connection is up. Runs on the test's thread, which carries candidates between the peer and the socket.
 */
public final class Negotiation {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(50);

    /** What was exchanged. */
    public record Result(
            String offerSdp, String answerSdp, int candidatesSent, int candidatesReceived, long millisToConnected) {}

    private Negotiation() {}

    /** The {@code iceServers} of a {@code ready} message, for the peer's configuration. */
    public static List<RTCIceServer> iceServers(JsonObject ready) {
        List<RTCIceServer> servers = new ArrayList<>();
        for (JsonValue value : ready.getJsonArray("iceServers")) {
            JsonObject entry = value.asJsonObject();
            RTCIceServer server = new RTCIceServer();
            server.urls = entry.getJsonArray("urls").getValuesAs(JsonString::getString);
            server.username = entry.getString("username", null);
            server.password = entry.getString("credential", null);
            servers.add(server);
        }
        return servers;
    }

    /**
     * Sends the peer's offer, applies the answer and relays candidates both ways until the peer is connected and a
     * candidate of the server's has arrived.
     * Any {@code error} or {@code ended} from the server on the way fails the test.
     */
    public static Result run(SignalingClient signaling, WebRtcTestPeer peer) {
        long start = System.nanoTime();
        String offer = await(peer.createOffer(), "the offer");
        signaling.send(ClientMessages.offer(offer));
        String answer = null;
        int sent = 0;
        int received = 0;
        // a server candidate is waited for too: the server trickles all of its candidates (none are in the answer)
        while (answer == null || !peer.connected().isDone() || received == 0) {
            if (System.nanoTime() - start > TIMEOUT.toNanos()) {
                throw new AssertionError("not connected within " + TIMEOUT + " (answer " + (answer != null)
                        + ", candidates sent " + sent + ", received " + received + ")");
            }
            sent += relayLocalCandidates(signaling, peer);
            JsonObject message = signaling.poll(POLL);
            if (message == null) {
                continue;
            }
            switch (message.getString("type")) {
                case "answer" -> {
                    answer = message.getString("sdp");
                    await(peer.applyAnswer(answer), "applying the answer");
                }
                case "ice" -> {
                    peer.addRemoteCandidate(
                            message.getString("candidate"),
                            message.getString("sdpMid"),
                            message.getInt("sdpMLineIndex"));
                    received++;
                }
                default -> throw new AssertionError("unexpected message during negotiation: " + message);
            }
        }
        await(peer.connected(), "the connection");
        sent += relayLocalCandidates(signaling, peer); // gathered meanwhile: a page trickles them too
        return new Result(offer, answer, sent, received, (System.nanoTime() - start) / 1_000_000);
    }

    /** Sends the peer's candidates gathered so far; returns how many. */
    private static int relayLocalCandidates(SignalingClient signaling, WebRtcTestPeer peer) {
        List<RTCIceCandidate> candidates = peer.takeLocalCandidates();
        candidates.forEach(c -> signaling.send(ClientMessages.ice(c.sdp, c.sdpMid, c.sdpMLineIndex)));
        return candidates.size();
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        return Await.result(future, TIMEOUT, what);
    }
}
