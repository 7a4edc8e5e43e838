package io.magicshield.it.rtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import io.magicshield.it.Await;
import io.magicshield.it.video.I420Image;
import io.magicshield.it.video.ShieldDetector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal WHEP player in Java (webrtc-java), as any player that is not our page would be: a receive-only offer for
 * one video and one audio section, gathered completely (no trickle), POSTed as application/sdp; the answer from the
 * 201 is applied and the frames that arrive are counted. {@link #close()} DELETEs the session and tears down.
 */
public final class WhepPlayer implements AutoCloseable {

    /**
     * What the POST answered.
     *
     * @param redirects how many redirects it followed on the way (a cluster's node answers 307 for a stream on another)
     */
    public record Answer(int status, String location, List<String> links, String body, int redirects) {}

    /** RTP packets received and lost so far (RFC 3550's cumulative count, from getStats). */
    public record Packets(long received, long lost) {

        /** Packets received and lost since {@code earlier}. */
        public Packets since(Packets earlier) {
            return new Packets(received - earlier.received, lost - earlier.lost);
        }

        /** The share lost since {@code earlier}: 0 when nothing came. */
        public double lossSince(Packets earlier) {
            long got = received - earlier.received;
            long missed = lost - earlier.lost;
            return got + missed <= 0 ? 0 : missed / (double) (got + missed);
        }
    }

    /** Follows a 307 with the same POST and offer, as WHEP players and fetch do (never from https to http). */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private final HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
    private final PeerConnectionFactory factory = new PeerConnectionFactory(audio);
    private final AtomicInteger frames = new AtomicInteger();
    private final AtomicInteger smallFrames = new AtomicInteger();
    /** One frame in ten is looked at for the shield: a whole-frame colour count costs a few ms on the decoder thread. */
    private static final int GOLD_EVERY = 10;

    private volatile double maxGold;
    private final int fullWidth;
    private final VideoTrackSink sink = this::onFrame;
    private final CompletableFuture<Void> gathered = new CompletableFuture<>();
    private final List<VideoTrack> tracks = new ArrayList<>();
    private final CustomVideoSource videoSource = new CustomVideoSource();
    private final CustomAudioSource audioSource = new CustomAudioSource();
    private final VideoTrack videoPlaceholder = factory.createVideoTrack("whep-video", videoSource);
    private final AudioTrack audioPlaceholder = factory.createAudioTrack("whep-audio", audioSource);
    private final List<RTCRtpSender> senders = new ArrayList<>();
    private final RTCPeerConnection pc;
    private URI resource;

    /** A player that counts every frame as full size. */
    public WhepPlayer() {
        this(0);
    }

    /** @param fullWidth frames narrower than this are counted apart ({@link #smallFrames()}) */
    public WhepPlayer(int fullWidth) {
        this.fullWidth = fullWidth;
        pc = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                // gathered into the offer: no trickle
            }

            @Override
            public void onIceGatheringChange(RTCIceGatheringState state) {
                if (state == RTCIceGatheringState.COMPLETE) {
                    gathered.complete(null);
                }
            }

            @Override
            public void onTrack(dev.onvoid.webrtc.RTCRtpTransceiver transceiver) {
                if (transceiver.getReceiver().getTrack() instanceof VideoTrack video) {
                    synchronized (tracks) {
                        tracks.add(video);
                    }
                    video.addSink(sink);
                }
            }
        });
        // webrtc-java adds transceivers only with a track: placeholders that never send (receive-only)
        RTCRtpTransceiverInit receiveOnly = new RTCRtpTransceiverInit();
        receiveOnly.direction = RTCRtpTransceiverDirection.RECV_ONLY;
        senders.add(pc.addTransceiver(videoPlaceholder, receiveOnly).getSender());
        senders.add(pc.addTransceiver(audioPlaceholder, receiveOnly).getSender());
    }

    private void onFrame(VideoFrame frame) {
        int count = frames.incrementAndGet();
        if (frame.buffer.getWidth() < fullWidth) {
            smallFrames.incrementAndGet();
        }
        try {
            if (count % GOLD_EVERY == 0) {
                I420Buffer buffer = frame.buffer.toI420();
                try {
                    I420Image image = I420Image.copyOf(
                            buffer.getWidth(),
                            buffer.getHeight(),
                            buffer.getDataY(),
                            buffer.getStrideY(),
                            buffer.getDataU(),
                            buffer.getStrideU(),
                            buffer.getDataV(),
                            buffer.getStrideV());
                    double gold = ShieldDetector.warmRatio(image);
                    maxGold = Math.max(maxGold, gold); // one decoder thread writes it
                } finally {
                    if (buffer != frame.buffer) {
                        buffer.release();
                    }
                }
            }
        } finally {
            frame.release();
        }
    }

    /** The largest share of shield-gold pixels in the frames looked at (every {@value #GOLD_EVERY}th one). */
    public double maxGold() {
        return maxGold;
    }

    /** Offers to {@code endpoint} ({@code /whep/<streamId>}); on 201 applies the answer. */
    public Answer play(URI endpoint) {
        CompletableFuture<String> offer = new CompletableFuture<>();
        pc.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                pc.setLocalDescription(description, observer(offer, null));
            }

            @Override
            public void onFailure(String error) {
                offer.completeExceptionally(new IllegalStateException(error));
            }
        });
        Await.result(offer, Duration.ofSeconds(10), "the WHEP offer");
        Await.result(gathered, Duration.ofSeconds(10), "ICE gathering");
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(pc.getLocalDescription().sdp)));
        String location = response.headers().firstValue("Location").orElse(null);
        if (response.statusCode() == 201) {
            resource = endpoint.resolve(location);
            CompletableFuture<String> applied = new CompletableFuture<>();
            pc.setRemoteDescription(
                    new RTCSessionDescription(RTCSdpType.ANSWER, response.body()), observer(applied, ""));
            Await.result(applied, Duration.ofSeconds(10), "applying the WHEP answer");
        }
        int redirects = 0;
        for (var earlier = response.previousResponse();
                earlier.isPresent();
                earlier = earlier.get().previousResponse()) {
            redirects++;
        }
        return new Answer(
                response.statusCode(), location, response.headers().allValues("Link"), response.body(), redirects);
    }

    public int frames() {
        return frames.get();
    }

    /** Frames narrower than the full width given at construction (the server's link ladder made them smaller). */
    public int smallFrames() {
        return smallFrames.get();
    }

    /** The packets of every inbound stream (the audio section carries none), as getStats() counts them now. */
    public Packets packets() {
        CompletableFuture<RTCStatsReport> report = new CompletableFuture<>();
        pc.getStats(report::complete);
        long received = 0;
        long lost = 0;
        for (RTCStats stats : Await.result(report, Duration.ofSeconds(5), "the WHEP player's getStats()")
                .getStats()
                .values()) {
            if (stats.getType() == RTCStatsType.INBOUND_RTP) {
                received += count(stats, "packetsReceived");
                lost += count(stats, "packetsLost");
            }
        }
        return new Packets(received, lost);
    }

    private static long count(RTCStats stats, String name) {
        return stats.getAttributes().get(name) instanceof Number n ? n.longValue() : 0;
    }

    /** DELETEs the session: the status, or -1 when it was never created. */
    public int stop() {
        if (resource == null) {
            return -1;
        }
        int status = send(HttpRequest.newBuilder(resource).DELETE()).statusCode();
        resource = null;
        return status;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
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
        stop();
        synchronized (tracks) {
            tracks.forEach(track -> track.removeSink(sink));
        }
        senders.forEach(sender -> sender.replaceTrack(null));
        pc.close();
        videoPlaceholder.dispose();
        audioPlaceholder.dispose();
        videoSource.dispose();
        audioSource.dispose();
        factory.dispose();
        audio.dispose();
    }

    private static <T> SetSessionDescriptionObserver observer(CompletableFuture<T> done, T value) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                done.complete(value);
            }

            @Override
            public void onFailure(String error) {
                done.completeExceptionally(new IllegalStateException(error));
            }
        };
    }
}
