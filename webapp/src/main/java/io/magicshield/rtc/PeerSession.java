package io.magicshield.rtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import io.magicshield.core.BackgroundPicture;
import io.magicshield.core.EffectOptions;
import io.magicshield.media.FrameEffect;
import io.magicshield.media.FrameWorker;
import io.magicshield.media.LinkLadder;
import io.magicshield.media.MediaSettings;
import io.magicshield.media.MediaStats;
import io.magicshield.metrics.ServerMetrics;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's peer for one session: answers the page's offer, receives its camera track, sends the processed
 * track back, and serves the {@code stats} DataChannel (and in a room the {@code audio} one, {@link AudioChannel}). In a room its processed video is also a {@link SharedStream}
 * that other peers show, and it shows other participants' streams in the receive slots the page offered
 * ({@link OfferSlots}); a viewer's peer has no camera and no effect, only slots. WebRTC calls the observer methods on its signaling thread;
 * they only hand work on. {@link #close()} must run on another thread and follows the teardown order that
 * webrtc-java needs (webrtc-java.md).
 */
public final class PeerSession {

    /** What the peer reports to its session; called on WebRTC threads, so implementations must not block. */
    public interface Listener {
        void onAnswer(String sdp);

        void onLocalCandidate(IceCandidate candidate);

        void onIceState(IceState state);

        void onNegotiationFailed(String message);

        void onEffectFailed(RuntimeException failure);

        /** ICE gathering has finished: {@code sdp} is the local description with every candidate (for WHEP). */
        void onGathered(String sdp);
    }

    private static final Logger LOG = Logger.getLogger(PeerSession.class.getName());

    private final String sessionId;
    private final StartBitrate startBitrate;
    private final MaxBitrate maxBitrate;
    private final LinkMonitor link;
    private final Listener listener;
    private final PeerConnectionFactory factory;
    /** The processed camera as others receive it; null for a viewer, which sends nothing of its own. */
    private final SharedStream stream;
    /** Null for a viewer, as are the own processed track and its sender. */
    private final FrameWorker worker;

    private final VideoTrack outTrack;
    private final RTCPeerConnection pc;
    private final RTCRtpSender sender;
    /** Set when teardown starts; WebRTC callbacks check it and do nothing from then on. */
    private final AtomicBoolean closed = new AtomicBoolean();

    private final Object closeLock = new Object();
    private final Consumer<PeerSession> onClosed;
    private final JsonProvider json;
    private final RemoteCandidates candidates;

    private final Object lock = new Object();
    private final List<VideoTrack> remoteTracks = new ArrayList<>();
    private final ReceiveSlots slots = new ReceiveSlots();
    private final List<RTCDataChannel> channels = new ArrayList<>();
    /** Taken by report sends and by close only (never by WebRTC threads), so no send runs on a disposed channel. */
    private final Object statsLock = new Object();

    private volatile StatsChannel stats;
    private final AudioChannel audio;

    PeerSession(
            PeerConnectionFactory factory,
            RTCConfiguration configuration,
            StartBitrate startBitrate,
            MaxBitrate maxBitrate,
            String sessionId,
            FrameEffect effect,
            MediaStats mediaStats,
            MediaSettings media,
            JsonProvider json,
            ServerMetrics metrics,
            Listener listener,
            Consumer<PeerSession> onClosed) {
        this.audio = new AudioChannel(metrics);
        this.startBitrate = startBitrate;
        this.maxBitrate = maxBitrate;
        this.sessionId = sessionId;
        this.json = json;
        this.listener = listener;
        this.onClosed = onClosed;
        this.candidates = new RemoteCandidates(sessionId, this::add);
        this.factory = factory;
        this.pc = factory.createPeerConnection(configuration, new Observer());
        LinkLadder ladder = new LinkLadder(startBitrate.effectiveKbps());
        if (effect == null) {
            this.stream = null;
            this.outTrack = null;
            this.sender = null;
            this.link = new LinkMonitor(pc, null, maxBitrate, ladder);
            this.worker = null;
            return;
        }
        this.stream = new SharedStream(sessionId);
        this.outTrack = factory.createVideoTrack("shield-" + sessionId, stream.video);
        // added before the offer is applied, the track takes the offer's first video section and makes it sendrecv
        this.sender = pc.addTrack(outTrack, List.of("magicshield"));
        this.link = new LinkMonitor(pc, sender, maxBitrate, ladder);
        // last, so that nothing above can fail after its thread started; frames arrive only after the offer
        this.worker =
                new FrameWorker(sessionId, effect, stream.video, mediaStats, media, ladder, listener::onEffectFailed);
    }

    /** The processed stream others may be shown; null for a viewer. */
    public SharedStream stream() {
        return stream;
    }

    /**
     * The camera of a session whose pictures come from the server itself (a pulled source) instead of the page's
     * track: they go to the same frame worker. Such a peer's connection is never negotiated, so it costs no ICE and
     * no codec; its processed stream is shown to the room and WHEP players like any.
     *
     * @throws IllegalStateException for a viewer's peer, which has no worker
     */
    public FrameFeed feed() {
        if (worker == null) {
            throw new IllegalStateException("a viewer's peer takes no camera");
        }
        return new FrameFeed(worker.sink());
    }

    /** The room audio channel: bound once the page opens it, and forwarded as the room says. */
    public AudioChannel audio() {
        return audio;
    }

    /** The receive slots the page's offer asked for (empty before the offer is applied, and for a solo page). */
    public OfferSlots slots() {
        return slots.offered();
    }

    /** Shows {@code shown} in receive slot {@code index} (a slot index out of range is ignored). */
    public void show(int index, SharedStream shown) {
        if (!closed.get()) {
            slots.show(index, shown);
        }
    }

    /** Empties receive slot {@code index}. */
    public void clear(int index) {
        slots.clear(index);
    }

    /** The stream each receive slot shows, by slot (null where empty). */
    public List<SharedStream> shown() {
        return slots.shown();
    }

    /** The effect's options from the next frame on. */
    public void setSettings(EffectOptions settings) {
        if (worker != null) {
            worker.setSettings(settings);
        }
    }

    /** The {@code image} background's picture from the next frame on. */
    public void setBackgroundPicture(BackgroundPicture picture) {
        if (worker != null) {
            worker.setBackgroundPicture(picture);
        }
    }

    /** Applies the page's offer; the answer arrives at {@link Listener#onAnswer} (or a failure). */
    public void acceptOffer(String sdp) {
        SetSessionDescriptionObserver applied = new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                candidates.descriptionSet();
                slots.open(sdp, pc, factory, sessionId);
                createAnswer();
            }

            @Override
            public void onFailure(String error) {
                failNegotiation("the offer was refused: " + error);
            }
        };
        try {
            pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, startBitrate.applyTo(sdp)), applied);
        } catch (Error e) {
            failNegotiation("the offer is not a valid session description: " + unparsable(e));
        }
    }

    /**
     * webrtc-java reports a description or candidate it cannot parse by throwing {@link Error}; that is bad input,
     * not a broken VM, which is rethrown.
     */
    private static String unparsable(Error e) {
        if (e instanceof VirtualMachineError vmError) {
            throw vmError;
        }
        return e.getMessage();
    }

    private void createAnswer() {
        if (closed.get()) {
            return;
        }
        pc.createAnswer(new RTCAnswerOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription answer) {
                if (closed.get()) {
                    return;
                }
                pc.setLocalDescription(answer, new SetSessionDescriptionObserver() {
                    @Override
                    public void onSuccess() {
                        if (!closed.get()) {
                            link.capSender(Double.NaN);
                            listener.onAnswer(answer.sdp);
                        }
                    }

                    @Override
                    public void onFailure(String error) {
                        failNegotiation("the answer could not be applied: " + error);
                    }
                });
            }

            @Override
            public void onFailure(String error) {
                failNegotiation("no answer could be created: " + error);
            }
        });
    }

    private void failNegotiation(String message) {
        if (!closed.get()) {
            listener.onNegotiationFailed(message);
        }
    }

    /**
     * Adds a candidate from the page. Candidates that arrive before the offer is applied wait for it.
     *
     * @throws IllegalArgumentException when WebRTC cannot parse the candidate, or the page sent too many
     */
    public void addRemoteCandidate(IceCandidate candidate) {
        candidates.add(candidate);
    }

    private void add(IceCandidate candidate) {
        try {
            pc.addIceCandidate(new RTCIceCandidate(
                    candidate.sdpMid(),
                    candidate.sdpMLineIndex() == null ? 0 : candidate.sdpMLineIndex(),
                    candidate.candidate()));
        } catch (Error e) {
            throw new IllegalArgumentException(unparsable(e));
        }
    }

    /**
     * Asks WebRTC for this peer's stats: the sender's bandwidth estimate sizes the processed video from then on, and
     * {@link #link()} gives what the link did. Under the lock that close takes before closing the connection, so no
     * request reaches a closed one.
     */
    public void sampleLink() {
        synchronized (statsLock) {
            if (!closed.get()) {
                link.request();
            }
        }
    }

    /** What the link did between the last two readings of {@link #sampleLink()}; null before there were two. */
    public LinkReport link() {
        return link.latest();
    }

    /** Sends a report when the page's stats channel is open; drops it otherwise. */
    public void sendStats(StatsReport report) {
        synchronized (statsLock) {
            StatsChannel channel = stats;
            if (channel != null && !closed.get()) {
                channel.send(report);
            }
        }
    }

    /**
     * Tears the peer down in the order webrtc-java needs. Idempotent, and a second caller returns only once the
     * first has finished, so the factory is never disposed under a teardown in progress. Never call it on a
     * WebRTC thread: {@code pc.close()} waits for them.
     */
    public void close() {
        synchronized (closeLock) {
            if (closed.getAndSet(true)) {
                return;
            }
            tearDown();
        }
        onClosed.accept(this);
    }

    private void tearDown() {
        List<VideoTrack> tracks;
        List<RTCDataChannel> openChannels;
        synchronized (lock) {
            tracks = List.copyOf(remoteTracks);
            openChannels = List.copyOf(channels);
        }
        synchronized (statsLock) {
            stats = null;
        }
        audio.unbind();
        if (stream != null) {
            VideoTrackSink sink = worker.sink();
            for (VideoTrack track : tracks) {
                step("remove sink", () -> track.removeSink(sink));
            }
            step("stop frame worker", worker::stop);
        }
        for (RTCDataChannel channel : openChannels) {
            step("close data channel", () -> {
                channel.unregisterObserver();
                channel.close();
                channel.dispose();
            });
        }
        for (ReceiveSlot slot : slots.all()) {
            step("close slot", slot::close);
        }
        if (sender != null) {
            step("detach track", () -> sender.replaceTrack(null));
        }
        step("close peer connection", pc::close);
        if (stream != null) {
            step("dispose track", outTrack::dispose);
            // detaches the slots of other peers that show this stream, then disposes its source
            step("close shared stream", stream::close);
        }
    }

    private void step(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "session " + sessionId + ": teardown step '" + what + "' failed", e);
        }
    }

    private final class Observer implements PeerConnectionObserver {

        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            if (!closed.get()) {
                listener.onLocalCandidate(new IceCandidate(candidate.sdp, candidate.sdpMid, candidate.sdpMLineIndex));
            }
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState state) {
            if (state == RTCIceGatheringState.COMPLETE && !closed.get()) {
                RTCSessionDescription local = pc.getLocalDescription();
                if (local != null) {
                    listener.onGathered(local.sdp);
                }
            }
        }

        @Override
        public void onIceConnectionChange(RTCIceConnectionState state) {
            if (!closed.get()) {
                listener.onIceState(IceState.of(state));
            }
        }

        @Override
        public void onTrack(RTCRtpTransceiver transceiver) {
            MediaStreamTrack track = transceiver.getReceiver().getTrack();
            if (stream == null) {
                return; // a viewer takes no media (a page that sends some anyway is not listened to)
            }
            // Under the lock: teardown copies the tracks under it, so a sink is never added after its removal.
            synchronized (lock) {
                if (closed.get()) {
                    return;
                }
                if (track instanceof VideoTrack video && remoteTracks.isEmpty()) {
                    remoteTracks.add(video);
                    video.addSink(worker.sink());
                }
            }
        }

        @Override
        public void onDataChannel(RTCDataChannel channel) {
            synchronized (lock) {
                if (closed.get()) {
                    // too late: teardown has taken its copy of the channels and would never dispose this one
                    channel.close();
                    channel.dispose();
                    return;
                }
                // kept for teardown whatever its label; only the first "stats" and "audio" channels are served
                channels.add(channel);
                if (stats == null && StatsChannel.LABEL.equals(channel.getLabel())) {
                    stats = new StatsChannel(channel, json, maxBitrate);
                } else if (AudioChannel.LABEL.equals(channel.getLabel())) {
                    audio.bind(channel);
                }
            }
        }
    }
}
