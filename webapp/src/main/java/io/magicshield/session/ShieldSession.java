package io.magicshield.session;

import io.magicshield.core.BackgroundPicture;
import io.magicshield.core.EffectOption;
import io.magicshield.core.EffectOptions;
import io.magicshield.media.MediaStats;
import io.magicshield.rtc.AudioChannel;
import io.magicshield.rtc.FrameFeed;
import io.magicshield.rtc.IceCandidate;
import io.magicshield.rtc.IceServer;
import io.magicshield.rtc.IceState;
import io.magicshield.rtc.MaxBitrate;
import io.magicshield.rtc.OfferSlots;
import io.magicshield.rtc.PeerSession;
import io.magicshield.rtc.SharedStream;
import io.magicshield.rtc.StatsReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One user's session, from an admitted {@code start} to its end: owns the slot, the deadlines and (after the
 * offer) the peer. Ends exactly once, for one {@link EndReason}, and then hands the peer to the teardown thread.
 */
public final class ShieldSession implements PeerSession.Listener {

    /** The signaling side; called from WebRTC and housekeeping threads, so it must not block. */
    public interface Listener {
        void onAnswer(String sdp);

        void onLocalCandidate(IceCandidate candidate);

        void onTimeWarning(long secondsLeft);

        void onEnded(EndReason reason, String message);

        /** ICE gathering finished: the answer with all the server's candidates (WHEP answers with it). */
        default void onGathered(String sdp) {}
    }

    private static final Logger LOG = Logger.getLogger(ShieldSession.class.getName());

    private final String id;
    private final MediaRole role;
    private final String address;
    private final SessionContext context;
    private final Permit permit;
    private final Listener listener;
    private final MediaStats stats;
    private final List<IceServer> iceServers;
    private final MaxBitrate maxBitrate;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile EffectOptions settings;
    /** The {@code image} background's picture; null before the page sent one. */
    private volatile BackgroundPicture backgroundPicture;

    /** Guards the deadlines and the previous stats snapshot; never held while calling out. */
    private final Object timeLock = new Object();

    private final SessionTimeline timeline;
    private MediaStats.Snapshot lastSnapshot;
    private Instant lastTick;

    /**
     * Guards the peer's creation against a concurrent end. Creating a peer waits on WebRTC's signaling thread, which
     * is safe because this session's callbacks, the only ones that take this lock, start with the offer, applied
     * after the lock is released.
     */
    private final Object peerLock = new Object();

    private PeerSession peer;

    ShieldSession(
            String id,
            MediaRole role,
            String address,
            EffectOptions settings,
            List<IceServer> iceServers,
            MaxBitrate maxBitrate,
            Instant now,
            SessionContext context,
            Permit permit,
            Listener listener) {
        this.id = id;
        this.role = role;
        this.address = address;
        this.settings = settings;
        this.iceServers = List.copyOf(iceServers);
        this.maxBitrate = maxBitrate;
        this.context = context;
        this.permit = permit;
        this.listener = listener;
        this.stats = new MediaStats(context.frames());
        this.timeline = new SessionTimeline(context.limits(), now, role != MediaRole.SOURCE);
        this.lastSnapshot = stats.snapshot();
        this.lastTick = now;
    }

    public String id() {
        return id;
    }

    public MediaRole role() {
        return role;
    }

    public EffectOptions settings() {
        return settings;
    }

    /** For the page's RTCPeerConnection; TURN credentials included. */
    public List<IceServer> iceServers() {
        return iceServers;
    }

    /** The most either video stream may use: the page caps its camera's sender with it. */
    public MaxBitrate maxBitrate() {
        return maxBitrate;
    }

    public Duration maxDuration() {
        return context.limits().maxDuration();
    }

    public Duration warningBefore() {
        return context.limits().warningBefore();
    }

    /** Creates the peer and applies the page's offer; the answer comes back through {@link Listener#onAnswer}. */
    public void acceptOffer(String sdp) {
        PeerSession created = openPeer();
        if (created != null) {
            created.acceptOffer(sdp);
        }
    }

    /**
     * Creates the peer of a {@link MediaRole#SOURCE} session, whose camera is on the server: its pictures go in
     * through the feed, with no offer and no connection. The media timeout runs from now.
     *
     * @return the feed; empty when the session ended (or its peer could not be made, which ends it)
     */
    public Optional<FrameFeed> openFeed() {
        if (role != MediaRole.SOURCE) {
            throw new IllegalStateException("only a source's session is fed on the server");
        }
        PeerSession created = openPeer();
        return created == null ? Optional.empty() : Optional.of(created.feed());
    }

    /** @return the new peer; null when the session ended before or because it could not be made */
    private PeerSession openPeer() {
        synchronized (timeLock) {
            timeline.offerReceived(context.clock().instant());
        }
        PeerSession created;
        synchronized (peerLock) {
            if (ended.get()) {
                return null;
            }
            try {
                created = context.peers().open(id, role, settings, stats, this);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "session " + id + ": no peer", e);
                end(EndReason.NEGOTIATION_FAILED, "the server could not set up the connection: " + e.getMessage());
                return null;
            }
            peer = created;
        }
        created.setSettings(settings); // in case options changed while the peer was being made
        BackgroundPicture picture = backgroundPicture;
        if (picture != null) {
            created.setBackgroundPicture(picture);
        }
        return created;
    }

    private PeerSession peer() {
        synchronized (peerLock) {
            return peer;
        }
    }

    /** This session's processed stream as others are shown it; null for a viewer and before the offer. */
    public SharedStream stream() {
        PeerSession current = peer();
        return current == null ? null : current.stream();
    }

    /** The room audio channel of this session's peer; null before the offer. */
    public AudioChannel audio() {
        PeerSession current = peer();
        return current == null ? null : current.audio();
    }

    /** The receive slots the page offered (none before its offer is applied). */
    public OfferSlots slots() {
        PeerSession current = peer();
        return current == null ? new OfferSlots(List.of()) : current.slots();
    }

    /** The stream each receive slot shows (null where empty); empty before the offer. */
    public List<SharedStream> shown() {
        PeerSession current = peer();
        return current == null ? List.of() : current.shown();
    }

    /** Shows another session's stream in receive slot {@code slot}; call off WebRTC's threads. */
    public void show(int slot, SharedStream stream) {
        PeerSession current = peer();
        if (current != null && !ended.get()) {
            current.show(slot, stream);
        }
    }

    public void clear(int slot) {
        PeerSession current = peer();
        if (current != null) {
            current.clear(slot);
        }
    }

    /** @throws IllegalArgumentException when WebRTC cannot parse the candidate */
    public void addRemoteCandidate(IceCandidate candidate) {
        PeerSession current;
        synchronized (peerLock) {
            current = peer;
        }
        if (current != null) {
            current.addRemoteCandidate(candidate);
        }
    }

    /**
     * @param changes fields already checked by {@link EffectOption#check}
     * @return the settings now in force
     */
    public EffectOptions changeSettings(Map<EffectOption, Object> changes) {
        EffectOptions changed = settings.with(changes);
        settings = changed;
        PeerSession current;
        synchronized (peerLock) {
            current = peer;
        }
        if (current != null) {
            current.setSettings(changed);
        }
        return changed;
    }

    public boolean hasBackgroundPicture() {
        return backgroundPicture != null;
    }

    /**
     * The session's own background picture, shown from the next frame on: the background becomes {@code image}.
     *
     * @return the settings now in force
     */
    public EffectOptions setBackgroundPicture(BackgroundPicture picture) {
        backgroundPicture = picture;
        PeerSession current;
        synchronized (peerLock) {
            current = peer;
        }
        if (current != null) {
            current.setBackgroundPicture(picture);
        }
        return changeSettings(Map.of(EffectOption.BACKGROUND, "image"));
    }

    /** Once a second: deadlines, warnings and the stats report. */
    void tick(Instant now, double cpuLoad, int activeSessions) {
        PeerSession current;
        synchronized (peerLock) {
            current = peer;
        }
        MediaStats.Snapshot snapshot = stats.snapshot();
        SessionTimeline.Verdict verdict;
        StatsReport report;
        synchronized (timeLock) {
            // a viewer sends no camera: its connection's state and its socket tell whether it is still there
            if (snapshot.received() > lastSnapshot.received() || role == MediaRole.VIEWER) {
                timeline.mediaSeen(now);
            }
            verdict = timeline.check(now);
            double seconds = Math.max(Duration.between(lastTick, now).toNanos() / 1e9, 1e-3);
            // the link as last read: a reading asked for now arrives before the next tick
            report = new StatsReport(
                    cpuLoad,
                    activeSessions,
                    snapshot.processingMsMedian(),
                    (snapshot.received() - lastSnapshot.received()) / seconds,
                    (snapshot.processed() - lastSnapshot.processed()) / seconds,
                    snapshot.dropped(),
                    snapshot.hands(),
                    snapshot.withShield(),
                    current == null ? null : current.link());
            lastSnapshot = snapshot;
            lastTick = now;
        }
        if (current != null) {
            current.sendStats(report);
            current.sampleLink();
        }
        if (verdict instanceof SessionTimeline.Warn warn) {
            listener.onTimeWarning(warn.secondsLeft());
        } else if (verdict instanceof SessionTimeline.End end) {
            end(end.reason(), end.message());
        }
    }

    /** Ends the session once; later calls do nothing. Never blocks: teardown runs on its own thread. */
    public void end(EndReason reason, String message) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        LOG.info(() -> "session " + id + " (" + address + ") ended: " + reason.wireName() + " - " + message);
        PeerSession current;
        synchronized (peerLock) {
            current = peer;
        }
        listener.onEnded(reason, message);
        context.ended().sessionEnded(id, reason);
        // the slot is freed only after the peer is gone
        context.teardown().execute(() -> {
            try {
                if (current != null) {
                    current.close();
                }
            } finally {
                permit.close();
            }
        });
    }

    @Override
    public void onAnswer(String sdp) {
        listener.onAnswer(sdp);
    }

    @Override
    public void onLocalCandidate(IceCandidate candidate) {
        listener.onLocalCandidate(candidate);
    }

    @Override
    public void onIceState(IceState state) {
        switch (state) {
            case CONNECTED -> {
                synchronized (timeLock) {
                    timeline.connectionRestored();
                }
            }
            case DISCONNECTED -> {
                synchronized (timeLock) {
                    timeline.connectionLost(context.clock().instant());
                }
            }
            case FAILED -> end(EndReason.ICE_FAILED, "the media connection failed (ICE)");
            default -> {
                // CONNECTING, CLOSED: nothing to do
            }
        }
    }

    @Override
    public void onGathered(String sdp) {
        listener.onGathered(sdp);
    }

    @Override
    public void onNegotiationFailed(String message) {
        end(EndReason.NEGOTIATION_FAILED, message);
    }

    @Override
    public void onEffectFailed(RuntimeException failure) {
        LOG.log(Level.SEVERE, "session " + id + ": the effect failed", failure);
        end(EndReason.EFFECT_FAILED, "the effect failed: " + failure.getMessage());
    }
}
