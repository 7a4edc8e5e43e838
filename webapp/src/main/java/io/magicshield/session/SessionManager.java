package io.magicshield.session;

import io.magicshield.core.EffectOptions;
import io.magicshield.media.CountedEffect;
import io.magicshield.media.EffectUnavailableException;
import io.magicshield.media.FrameEffect;
import io.magicshield.media.FrameEffectProvider;
import io.magicshield.media.LoadGovernor;
import io.magicshield.media.MediaSettings;
import io.magicshield.media.MediaStats;
import io.magicshield.media.ServerFrameCounters;
import io.magicshield.metrics.CpuMonitor;
import io.magicshield.metrics.ServerMetrics;
import io.magicshield.rtc.PeerSession;
import io.magicshield.rtc.RtcEngine;
import io.magicshield.rtc.RtcSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * All sessions of the application: admission, the once-a-second housekeeping (CPU sample, deadlines, stats
 * reports) and teardown, which runs on threads of its own because closing a peer waits for WebRTC's threads.
 */
@ApplicationScoped
public class SessionManager {

    private static final Logger LOG = Logger.getLogger(SessionManager.class.getName());
    /**
     * An idle teardown thread ends after this, so the process's thread count follows the sessions within seconds
     * (leak checks compare it with its idle value) rather than a cached pool's minute.
     */
    private static final Duration TEARDOWN_THREAD_KEEP_ALIVE = Duration.ofSeconds(5);

    @Inject
    SessionLimits limits;

    @Inject
    MediaSettings media;

    @Inject
    RtcSettings rtcSettings;

    @Inject
    RtcEngine rtc;

    @Inject
    FrameEffectProvider effects;

    @Inject
    ServerMetrics metrics;

    @Inject
    CpuMonitor cpu;

    @Inject
    Housekeeping housekeeping;

    @Inject
    LoadGovernor governor;

    /** Shared by a cluster's servers (io.magicshield.cluster), so the quota is the client's, not per server. */
    @Inject
    StartQuota startQuota;

    private final InstantSource clock = InstantSource.system();
    private final Map<String, ShieldSession> sessions = new ConcurrentHashMap<>();
    private AdmissionControl admission;
    private SessionContext context;
    private Future<?> ticks;
    private ExecutorService teardown;

    void startAtDeployment(@Observes Startup startup) {
        // observing Startup creates this bean at deployment, so CPU sampling runs before the first session
    }

    @PostConstruct
    void start() {
        admission = new AdmissionControl(limits, startQuota, cpu::load);
        metrics.sessionReasons(labels(RefusalReason.values()), labels(EndReason.values()));
        metrics.sessionGauges(sessions::size, admission::active, rtc::openPeers);
        teardown = new ThreadPoolExecutor(
                0,
                Integer.MAX_VALUE,
                TEARDOWN_THREAD_KEEP_ALIVE.toNanos(),
                TimeUnit.NANOSECONDS,
                new SynchronousQueue<>(),
                Housekeeping.daemonThreads("magicshield-teardown"));
        context = new SessionContext(
                limits, clock, this::openPeer, new ServerFrameCounters(metrics), this::tearDown, this::ended);
        ticks = housekeeping.every(Duration.ofSeconds(1), this::tick);
    }

    /**
     * Admits a session for the client at {@code address}.
     *
     * @throws SessionRefusedException with a reason and a message for the user
     */
    public ShieldSession start(String address, EffectOptions settings, ShieldSession.Listener listener)
            throws SessionRefusedException {
        return start(address, MediaRole.CAMERA, settings, listener);
    }

    /**
     * Admits a session in {@code role}: a viewer takes a slot like any session (each costs the encodes of what it
     * is shown).
     *
     * @throws SessionRefusedException with a reason and a message for the user
     */
    public ShieldSession start(String address, MediaRole role, EffectOptions settings, ShieldSession.Listener listener)
            throws SessionRefusedException {
        try {
            effects.describe(); // throws when the effect core is not usable
            rtc.problem().ifPresent(problem -> {
                throw new EffectUnavailableException(problem);
            });
            Permit permit = admission.admit(address);
            String id = UUID.randomUUID().toString();
            Instant now = clock.instant();
            ShieldSession session = new ShieldSession(
                    id,
                    role,
                    address,
                    settings,
                    rtcSettings.ice().forBrowser(id, now),
                    rtcSettings.maxBitrate(),
                    now,
                    context,
                    permit,
                    listener);
            sessions.put(id, session);
            metrics.sessionStarted();
            LOG.info(() -> "session " + id + " started for " + address + " (" + sessions.size() + " active)");
            return session;
        } catch (EffectUnavailableException e) {
            metrics.sessionRefused(label(RefusalReason.UNAVAILABLE));
            throw new SessionRefusedException(
                    RefusalReason.UNAVAILABLE, "the server cannot run sessions right now: " + e.getMessage());
        } catch (SessionRefusedException e) {
            metrics.sessionRefused(label(e.reason()));
            throw e;
        }
    }

    /**
     * Ends every session here with {@code reason} (each page is told, then its socket closes).
     *
     * @return how many were ended
     */
    public int endAll(EndReason reason, String message) {
        List<ShieldSession> ending = List.copyOf(sessions.values());
        ending.forEach(s -> s.end(reason, message));
        return ending.size();
    }

    public int activeSessions() {
        return sessions.size();
    }

    private PeerSession openPeer(
            String sessionId, MediaRole role, EffectOptions settings, MediaStats stats, PeerSession.Listener listener) {
        FrameEffect effect =
                role == MediaRole.VIEWER ? null : new CountedEffect(effects.open(settings), metrics.openEffects());
        return rtc.open(sessionId, effect, stats, media, listener);
    }

    private void ended(String sessionId, EndReason reason) {
        sessions.remove(sessionId);
        metrics.sessionEnded(label(reason));
    }

    private void tearDown(Runnable release) {
        try {
            teardown.execute(release);
        } catch (RejectedExecutionException e) {
            release.run(); // shutting down: tear down here
        }
    }

    /** A reason as the metrics label it: {@code reason="server_full"}. */
    private static String label(Enum<?> reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    private static List<String> labels(Enum<?>[] reasons) {
        return Arrays.stream(reasons).map(SessionManager::label).toList();
    }

    /** Once a second, on the housekeeping thread (which logs a failure and keeps the schedule). */
    private void tick() {
        cpu.sample();
        governor.tick();
        Instant now = clock.instant();
        double load = cpu.load();
        int active = admission.active();
        for (ShieldSession session : sessions.values()) {
            session.tick(now, load, active);
        }
    }

    @PreDestroy
    void stop() {
        ticks.cancel(false);
        endAll(EndReason.SERVER_SHUTDOWN, "the server is shutting down");
        teardown.shutdown();
        try {
            if (!teardown.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning("sessions still tearing down after 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
