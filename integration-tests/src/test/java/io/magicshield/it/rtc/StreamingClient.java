package io.magicshield.it.rtc;

import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import io.magicshield.it.Await;
import io.magicshield.it.rtc.FrameSender.Shot;
import io.magicshield.it.signaling.ClientMessages;
import io.magicshield.it.signaling.SignalingClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A page that streams, in Java: opens the signaling socket, starts a session, negotiates with a {@link WebRtcTestPeer}
 * and sends its camera (a list of frames in a loop) until stopped, counting the processed frames that come back.
 * Closing it closes camera, peer and socket in that order, whatever state the session is in.
 */
public final class StreamingClient implements AutoCloseable {

    private final SignalingClient signaling;
    private final FrameRateMeter received;
    private WebRtcTestPeer peer;
    private FrameSender camera;
    private JsonObject ready;
    private Negotiation.Result negotiated;

    private StreamingClient(SignalingClient signaling, VideoTrackSink sink) {
        this.signaling = signaling;
        this.received = new FrameRateMeter(sink);
    }

    /** Connects and streams {@code shots} at {@code fps}; returns once the peer is connected and sending. */
    public static StreamingClient start(URI signalingUri, List<Shot> shots, int fps) {
        return start(signalingUri, ClientMessages.start(), shots, fps, VideoFrame::release, (shot, nanos) -> {});
    }

    /**
     * {@link #start(URI, List, int)} with a {@code start} message of the caller's (effect options), a sink that gets
     * each processed frame after it is counted (and releases it), and a listener told of every frame sent.
     */
    public static StreamingClient start(
            URI signalingUri,
            JsonObject startMessage,
            List<Shot> shots,
            int fps,
            VideoTrackSink sink,
            FrameSender.SendListener sent) {
        StreamingClient client = new StreamingClient(SignalingClient.connect(signalingUri), sink);
        try {
            client.signaling.send(startMessage);
            client.ready = client.signaling.await("ready");
            client.peer = new WebRtcTestPeer(Negotiation.iceServers(client.ready), client.received);
            client.negotiated = Negotiation.run(client.signaling, client.peer);
            client.camera = FrameSender.looping(client.peer, shots, fps, client.peer.stats()::ping, sent);
            client.camera.start();
            return client;
        } catch (RuntimeException | Error e) {
            client.close();
            throw e;
        }
    }

    public SignalingClient signaling() {
        return signaling;
    }

    public JsonObject ready() {
        return ready;
    }

    public Negotiation.Result negotiated() {
        return negotiated;
    }

    public FrameRateMeter received() {
        return received;
    }

    /** The page's side of the stats channel: round trips and the server's reports. */
    public StatsChannelProbe stats() {
        return peer.stats();
    }

    /** The room member's side of the audio channel: the chunks forwarded to it, and forged ones to send. */
    public AudioChannelProbe audio() {
        return peer.audio();
    }

    /** WebRTC's own statistics of the client's peer. */
    public CompletableFuture<RTCStatsReport> rtcStats() {
        return peer.rtcStats();
    }

    /** Camera frames sent so far. */
    public int framesSent() {
        return camera.sent();
    }

    /** Waits until at least {@code frames} processed frames came back. */
    public void awaitFrames(long frames, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (received.frames() < frames) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + received.frames() + " of " + frames + " processed frames came back "
                        + "within " + limit);
            }
            Await.pause(Duration.ofMillis(20));
        }
    }

    /** Sends {@code stop}; the server must answer {@code ended} (stopped) and close the socket normally. */
    public void stop() {
        camera.close();
        signaling.send(ClientMessages.stop());
        String reason = signaling.await("ended").getString("reason");
        if (!"stopped".equals(reason)) {
            throw new AssertionError("stop ended the session with reason " + reason);
        }
        SignalingClient.Closed closed = signaling.awaitClose();
        if (closed.code() != 1000) {
            throw new AssertionError("stop closed the socket with " + closed);
        }
    }

    /** Stops the camera and drops the peer (no signaling), as a page that vanishes from the network would. */
    public void dropMedia() {
        if (camera != null) {
            camera.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    @Override
    public void close() {
        dropMedia();
        signaling.close();
    }
}
