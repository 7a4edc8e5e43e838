package io.magicshield.rtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.magicshield.media.FrameEffect;
import io.magicshield.media.MediaSettings;
import io.magicshield.media.MediaStats;
import io.magicshield.metrics.ServerMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's one {@link PeerConnectionFactory}: it takes 150-300 ms to start, so it is created at deployment
 * and disposed at undeploy, after every peer it made is closed.
 */
@ApplicationScoped
public class RtcEngine {

    private static final Logger LOG = Logger.getLogger(RtcEngine.class.getName());

    @Inject
    RtcSettings settings;

    @Inject
    ServerMetrics metrics;

    private final Set<PeerSession> peers = ConcurrentHashMap.newKeySet();
    private HeadlessAudioDeviceModule audio;
    private PeerConnectionFactory factory;
    private String problem;
    /** Guards {@link #stopping} and the creation of peers, so that none is made from a factory being disposed. */
    private final Object lifecycle = new Object();

    private boolean stopping;
    /** Looked up here, on a deployment thread: WebRTC's own threads have no context class loader to find it. */
    private JsonProvider json;

    void startAtDeployment(@Observes Startup startup) {
        // observing Startup creates this bean at deployment instead of at the first session
    }

    @PostConstruct
    void start() {
        json = JsonProvider.provider();
        try {
            // the default audio module aborts the JVM on a machine without sound (webrtc-java.md)
            audio = new HeadlessAudioDeviceModule();
            factory = new PeerConnectionFactory(audio);
            LOG.info(() -> "WebRTC ready; media UDP ports "
                    + (settings.udpPorts().isAny()
                            ? "any"
                            : settings.udpPorts().min() + "-"
                                    + settings.udpPorts().max()));
        } catch (RuntimeException | LinkageError e) {
            problem = "WebRTC could not start: " + e;
            LOG.log(Level.SEVERE, problem, e);
        }
    }

    /** @return why no peer can be created, or empty when WebRTC is up */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    public int openPeers() {
        return peers.size();
    }

    /**
     * @param effect owned by the new peer from here on; null for a viewer's peer, which only receives
     * @throws IllegalStateException when WebRTC is not up or is being stopped
     */
    public PeerSession open(
            String sessionId,
            FrameEffect effect,
            MediaStats stats,
            MediaSettings media,
            PeerSession.Listener listener) {
        synchronized (lifecycle) {
            if (factory == null || stopping) {
                if (effect != null) {
                    effect.close();
                }
                throw new IllegalStateException(stopping ? "the application is stopping" : problem);
            }
            PeerSession peer;
            try {
                peer = new PeerSession(
                        factory,
                        configuration(),
                        settings.startBitrate(),
                        settings.maxBitrate(),
                        sessionId,
                        effect,
                        stats,
                        media,
                        json,
                        metrics,
                        listener,
                        peers::remove);
            } catch (RuntimeException e) {
                if (effect != null) {
                    effect.close();
                }
                throw e;
            }
            peers.add(peer);
            return peer;
        }
    }

    private RTCConfiguration configuration() {
        RTCConfiguration configuration = new RTCConfiguration();
        // TURN is for browsers behind restrictive NATs; the server itself only needs STUN for its public address
        List<String> stun = settings.ice().stunUrls();
        if (!stun.isEmpty()) {
            RTCIceServer server = new RTCIceServer();
            server.urls = stun;
            configuration.iceServers = List.of(server);
        }
        PortRange ports = settings.udpPorts();
        if (!ports.isAny()) {
            configuration.portAllocatorConfig = new PortAllocatorConfig(ports.min(), ports.max(), 0);
        }
        return configuration;
    }

    @PreDestroy
    void stop() {
        synchronized (lifecycle) {
            stopping = true;
        }
        // no peer can be added from here on; closing one removes it from the set
        peers.forEach(PeerSession::close);
        if (factory != null) {
            factory.dispose();
            audio.dispose();
            LOG.info("WebRTC stopped");
        }
    }
}
