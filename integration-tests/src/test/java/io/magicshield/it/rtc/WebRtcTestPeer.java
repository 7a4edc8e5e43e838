package io.magicshield.it.rtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionIceErrorEvent;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import io.magicshield.it.video.I420Image;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The page's peer, in Java (webrtc-java): sends a camera track fed from {@link #send}, receives the processed track
 * into a sink, and opens the {@code stats} and {@code audio} DataChannels before the offer, as the room page does. Follows webrtc-java.md:
 * a headless audio module (the default one aborts the JVM without sound), WebRTC callbacks only hand data on,
 * and {@link #close()} tears down in the order that works, from the test's own thread.
 */
public final class WebRtcTestPeer implements AutoCloseable {

    private final HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
    private final PeerConnectionFactory factory = new PeerConnectionFactory(audio);
    private final CustomVideoSource camera = new CustomVideoSource();
    private final VideoTrack cameraTrack = factory.createVideoTrack("camera", camera);
    private final VideoTrackSink sink;
    private final RTCPeerConnection pc;
    private final RTCRtpSender sender;
    private final RTCDataChannel statsChannel;
    private final StatsChannelProbe stats;
    private final AudioChannelProbe audioChannel;

    private final BlockingQueue<RTCIceCandidate> localCandidates = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> gathered = new CompletableFuture<>();
    private final List<String> candidateErrors = Collections.synchronizedList(new ArrayList<>());
    /** Guards the remote tracks against a teardown in progress; WebRTC's signaling thread takes it briefly. */
    private final Object trackLock = new Object();

    private final List<VideoTrack> remoteTracks = new ArrayList<>();
    /** Held while a frame is pushed, so that teardown never disposes the source under a push. */
    private final Object sendLock = new Object();

    private volatile boolean closed;

    /**
     * @param iceServers from the server's {@code ready}
     * @param sink       receives the processed frames, on WebRTC's decoder thread; it owns (and releases) them
     */
    public WebRtcTestPeer(List<RTCIceServer> iceServers, VideoTrackSink sink) {
        this(iceServers, sink, false);
    }

    /** @param relayOnly gather and use TURN relay candidates only ({@code iceTransportPolicy: "relay"}) */
    public WebRtcTestPeer(List<RTCIceServer> iceServers, VideoTrackSink sink, boolean relayOnly) {
        this.sink = sink;
        RTCConfiguration configuration = new RTCConfiguration();
        configuration.iceServers = iceServers;
        configuration.iceTransportPolicy = relayOnly ? RTCIceTransportPolicy.RELAY : RTCIceTransportPolicy.ALL;
        pc = factory.createPeerConnection(configuration, new Observer());
        sender = pc.addTrack(cameraTrack, List.of("camera"));
        RTCDataChannelInit init = new RTCDataChannelInit();
        init.ordered = true;
        statsChannel = pc.createDataChannel("stats", init);
        stats = new StatsChannelProbe(statsChannel);
        // as the room page opens it (a solo session's server keeps it unused)
        RTCDataChannelInit unordered = new RTCDataChannelInit();
        unordered.ordered = false;
        unordered.maxRetransmits = 0;
        audioChannel = new AudioChannelProbe(pc.createDataChannel("audio", unordered));
    }

    /** Creates the offer and sets it as the local description; returns its SDP. */
    public CompletableFuture<String> createOffer() {
        CompletableFuture<String> offer = new CompletableFuture<>();
        pc.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                pc.setLocalDescription(description, observer(offer, description.sdp));
            }

            @Override
            public void onFailure(String error) {
                offer.completeExceptionally(new IllegalStateException("createOffer failed: " + error));
            }
        });
        return offer;
    }

    public CompletableFuture<Void> applyAnswer(String sdp) {
        CompletableFuture<Void> applied = new CompletableFuture<>();
        pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, sdp), observer(applied, null));
        return applied;
    }

    public void addRemoteCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
        pc.addIceCandidate(new RTCIceCandidate(sdpMid, sdpMLineIndex, candidate));
    }

    /** Our candidates gathered since the last call, for the test thread to send (WebRTC's thread must not block). */
    public List<RTCIceCandidate> takeLocalCandidates() {
        List<RTCIceCandidate> taken = new ArrayList<>();
        localCandidates.drainTo(taken);
        return taken;
    }

    /** The local description as it is now: after {@link #gatheringComplete()}, the offer with every candidate (WHIP). */
    public String localDescription() {
        return pc.getLocalDescription().sdp;
    }

    /** Completes when candidate gathering has finished (after {@link #createOffer()}). */
    public CompletableFuture<Void> gatheringComplete() {
        return gathered;
    }

    /** What ICE servers answered when gathering failed, e.g. {@code 401 Unauthorized} from a TURN server. */
    public List<String> candidateErrors() {
        synchronized (candidateErrors) {
            return List.copyOf(candidateErrors);
        }
    }

    /** Completes when the peer connection is connected (ICE and DTLS), fails when it fails. */
    public CompletableFuture<Void> connected() {
        return connected;
    }

    /** Sends one camera frame: a new native buffer each time, because WebRTC keeps pushed buffers while encoding. */
    public void send(I420Image image) {
        synchronized (sendLock) {
            if (closed) {
                return;
            }
            NativeI420Buffer buffer = NativeI420Buffer.allocate(image.width(), image.height());
            try {
                image.copyTo(
                        buffer.getDataY(),
                        buffer.getStrideY(),
                        buffer.getDataU(),
                        buffer.getStrideU(),
                        buffer.getDataV(),
                        buffer.getStrideV());
                // the source stamps frames itself and takes its own reference
                camera.pushFrame(new VideoFrame(buffer, 0, System.nanoTime()));
            } finally {
                buffer.release();
            }
        }
    }

    public StatsChannelProbe stats() {
        return stats;
    }

    /** The room audio channel: what the server forwards, and what the test sends. */
    public AudioChannelProbe audio() {
        return audioChannel;
    }

    /** WebRTC's own statistics of this peer (getStats()): its encoder, send queue, jitter buffer and decoder. */
    public CompletableFuture<RTCStatsReport> rtcStats() {
        CompletableFuture<RTCStatsReport> report = new CompletableFuture<>();
        pc.getStats(report::complete);
        return report;
    }

    /**
     * Teardown in webrtc-java.md's order: sinks off the remote tracks, no more frames pushed, the DataChannel,
     * the sender's track detached, the connection closed, then our track, source and factory disposed.
     */
    @Override
    public void close() {
        List<VideoTrack> tracks;
        synchronized (trackLock) {
            if (closed) {
                return;
            }
            closed = true;
            tracks = List.copyOf(remoteTracks);
        }
        synchronized (sendLock) {
            // a push in progress has finished; later ones see closed
        }
        tracks.forEach(track -> track.removeSink(sink));
        statsChannel.unregisterObserver();
        statsChannel.close();
        statsChannel.dispose();
        audioChannel.close();
        sender.replaceTrack(null);
        pc.close();
        cameraTrack.dispose();
        camera.dispose();
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
                done.completeExceptionally(new IllegalStateException("session description refused: " + error));
            }
        };
    }

    /** Runs on WebRTC's signaling thread: only records and hands on. */
    private final class Observer implements PeerConnectionObserver {

        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            localCandidates.add(candidate);
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState state) {
            if (state == RTCIceGatheringState.COMPLETE) {
                gathered.complete(null);
            }
        }

        @Override
        public void onIceCandidateError(RTCPeerConnectionIceErrorEvent event) {
            candidateErrors.add(event.getErrorCode() + " " + event.getErrorText() + " (" + event.getUrl() + ")");
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState state) {
            if (state == RTCPeerConnectionState.CONNECTED) {
                connected.complete(null);
            } else if (state == RTCPeerConnectionState.FAILED) {
                connected.completeExceptionally(new IllegalStateException("the peer connection failed"));
            }
        }

        @Override
        public void onTrack(RTCRtpTransceiver transceiver) {
            if (transceiver.getReceiver().getTrack() instanceof VideoTrack video) {
                synchronized (trackLock) {
                    if (closed) {
                        return;
                    }
                    remoteTracks.add(video);
                }
                video.addSink(sink);
            }
        }
    }
}
