package io.magicshield.rtc;

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
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A pulled source's camera: the decoded frames enter a session over WebRTC on the loopback interface, exactly as a
 * WHIP publisher's would, so a source is a participant like any (admitted, processed, a tile, playable by WHEP)
 * without a second path into the frame worker. The cost is one VP8 encode and decode per frame on the server
 * (not measured yet; docs/sources.md). A factory of its own, so that it never outlives or races the engine's; made and
 * closed on the source's thread, never on WebRTC's.
 */
public final class SourceCamera implements AutoCloseable {

    private final HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
    private final PeerConnectionFactory factory = new PeerConnectionFactory(audio);
    private final CustomVideoSource video = new CustomVideoSource();
    private final VideoTrack track = factory.createVideoTrack("source", video);
    private final CompletableFuture<Void> gathered = new CompletableFuture<>();
    private final RTCPeerConnection pc;
    private final RTCRtpSender sender;
    private final Object pushLock = new Object();
    private boolean closed;

    public SourceCamera() {
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
        });
        RTCRtpTransceiverInit sendOnly = new RTCRtpTransceiverInit();
        sendOnly.direction = RTCRtpTransceiverDirection.SEND_ONLY;
        sender = pc.addTransceiver(track, sendOnly).getSender();
    }

    /** The offer with every candidate (the server answers without trickle). */
    public String offer(Duration wait) throws TimeoutException {
        CompletableFuture<Void> applied = new CompletableFuture<>();
        pc.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                pc.setLocalDescription(description, observer(applied));
            }

            @Override
            public void onFailure(String error) {
                applied.completeExceptionally(new IllegalStateException(error));
            }
        });
        await(applied, wait);
        await(gathered, wait);
        return pc.getLocalDescription().sdp;
    }

    public void answer(String sdp, Duration wait) throws TimeoutException {
        CompletableFuture<Void> applied = new CompletableFuture<>();
        pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, sdp), observer(applied));
        await(applied, wait);
    }

    /**
     * Sends one I420 picture: copied into a buffer of WebRTC's own (the encoder keeps it after this returns, the
     * decoder's planes do not last).
     */
    public void push(int width, int height, ByteBuffer y, int strideY, ByteBuffer u, ByteBuffer v, int strideUv) {
        synchronized (pushLock) {
            if (closed) {
                return;
            }
            NativeI420Buffer buffer = NativeI420Buffer.allocate(width, height);
            try {
                copy(y, strideY, buffer.getDataY(), buffer.getStrideY(), width, height);
                int chromaWidth = (width + 1) / 2;
                int chromaHeight = (height + 1) / 2;
                copy(u, strideUv, buffer.getDataU(), buffer.getStrideU(), chromaWidth, chromaHeight);
                copy(v, strideUv, buffer.getDataV(), buffer.getStrideV(), chromaWidth, chromaHeight);
                video.pushFrame(new VideoFrame(buffer, 0, System.nanoTime()));
            } finally {
                buffer.release();
            }
        }
    }

    private static void copy(ByteBuffer from, int fromStride, ByteBuffer to, int toStride, int width, int rows) {
        for (int row = 0; row < rows; row++) {
            to.put(row * toStride, from, row * fromStride, width);
        }
    }

    private static SetSessionDescriptionObserver observer(CompletableFuture<Void> done) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                done.complete(null);
            }

            @Override
            public void onFailure(String error) {
                done.completeExceptionally(new IllegalStateException(error));
            }
        };
    }

    private static void await(CompletableFuture<Void> future, Duration wait) throws TimeoutException {
        try {
            future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Teardown in webrtc-java.md's order: no more pushes, the track off its sender, the connection, then the rest. */
    @Override
    public void close() {
        synchronized (pushLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        sender.replaceTrack(null);
        pc.close();
        track.dispose();
        video.dispose();
        factory.dispose();
        audio.dispose();
    }
}
