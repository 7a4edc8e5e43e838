package io.magicshield.it.rtc;

import dev.onvoid.webrtc.media.video.VideoFrame;
import io.magicshield.it.Await;
import io.magicshield.it.rtc.FrameSender.Shot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WHIP publisher in Java, as a tool that is not our page would be: the test peer's offer (a camera track and the
 * stats channel), gathered completely, POSTed as application/sdp with a bearer token; on 201 the answer is applied and
 * the camera loops {@code shots}. The processed video that comes back on the same section is counted.
 * {@link #close()} DELETEs the session and tears down.
 */
public final class WhipPublisher implements AutoCloseable {

    /** What the POST answered. */
    public record Answer(int status, String location, String etag, List<String> links, String body) {
        /** The stream id from {@code Location: /whip/<streamId>/<sessionId>}. */
        public String streamId() {
            String[] parts = location.split("/");
            return parts[parts.length - 2];
        }
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final AtomicInteger processedBack = new AtomicInteger();
    private final WebRtcTestPeer peer = new WebRtcTestPeer(List.of(), this::onFrame);
    private final String token;
    private FrameSender camera;
    private URI resource;

    public WhipPublisher(String token) {
        this.token = token;
    }

    private void onFrame(VideoFrame frame) {
        processedBack.incrementAndGet();
        frame.release();
    }

    /** Offers to {@code endpoint}; on 201 applies the answer, waits for the connection and starts the camera. */
    public Answer publish(URI endpoint, List<Shot> shots, int fps) {
        Await.result(peer.createOffer(), Duration.ofSeconds(10), "the WHIP offer");
        Await.result(peer.gatheringComplete(), Duration.ofSeconds(10), "ICE gathering");
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/sdp")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(peer.localDescription())));
        String location = response.headers().firstValue("Location").orElse(null);
        if (response.statusCode() == 201) {
            resource = endpoint.resolve(location);
            Await.result(peer.applyAnswer(response.body()), Duration.ofSeconds(10), "applying the WHIP answer");
            Await.result(peer.connected(), Duration.ofSeconds(20), "the WHIP connection");
            camera = FrameSender.looping(peer, shots, fps, () -> {});
            camera.start();
        }
        return new Answer(
                response.statusCode(),
                location,
                response.headers().firstValue("ETag").orElse(null),
                response.headers().allValues("Link"),
                response.body());
    }

    public int framesSent() {
        return camera == null ? 0 : camera.sent();
    }

    /** Processed frames the server sent back on the publishing connection (its section is sendrecv). */
    public int processedBack() {
        return processedBack.get();
    }

    /** DELETEs the session with the token: the status, or -1 when it was never created. */
    public int stop() {
        if (resource == null) {
            return -1;
        }
        int status = send(HttpRequest.newBuilder(resource)
                        .header("Authorization", "Bearer " + token)
                        .DELETE())
                .statusCode();
        resource = null;
        return status;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (camera != null) {
            camera.close();
        }
        stop();
        peer.close();
    }
}
