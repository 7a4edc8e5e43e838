package io.magicshield.config;

import io.magicshield.cluster.DrainSettings;
import io.magicshield.media.MediaSettings;
import io.magicshield.metrics.MetricsAccess;
import io.magicshield.room.RoomLimits;
import io.magicshield.rtc.RtcSettings;
import io.magicshield.session.SessionLimits;
import io.magicshield.signaling.BackgroundImageLimits;
import io.magicshield.signaling.SignalingSettings;
import io.magicshield.source.SourceSettings;
import io.magicshield.web.OriginPolicy;
import io.magicshield.web.TrustedProxies;
import io.magicshield.whip.WhipAccess;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/** Reads the configuration once, at deployment (a bad value fails the deployment), and offers its parts. */
@ApplicationScoped
public class SettingsProducer {

    private static final Logger LOG = Logger.getLogger(SettingsProducer.class.getName());

    @Inject
    Config config;

    private SessionLimits sessionLimits;
    private RoomLimits roomLimits;
    private SignalingSettings signalingSettings;
    private BackgroundImageLimits backgroundImageLimits;
    private RtcSettings rtcSettings;
    private MediaSettings mediaSettings;
    private MetricsAccess metricsAccess;
    private WhipAccess whipAccess;
    private SourceSettings sourceSettings;
    private DrainSettings drainSettings;

    @PostConstruct
    void read() {
        SettingsReader reader = new SettingsReader(config);
        sessionLimits = reader.sessionLimits();
        roomLimits = reader.roomLimits();
        signalingSettings = reader.signalingSettings();
        backgroundImageLimits = reader.backgroundImageLimits();
        rtcSettings = reader.rtcSettings();
        mediaSettings = reader.mediaSettings();
        metricsAccess = reader.metricsAccess();
        whipAccess = reader.whipAccess();
        sourceSettings = reader.sourceSettings();
        drainSettings = reader.drainSettings();
        LOG.info(() -> "Magic Shield settings: " + sessionLimits + "; " + roomLimits + "; " + signalingSettings + "; "
                + backgroundImageLimits
                + "; ICE "
                + rtcSettings.ice().stunUrls() + " STUN, " + rtcSettings.ice().turnUrls() + " TURN; "
                + rtcSettings.udpPorts() + "; " + rtcSettings.startBitrate() + "; " + rtcSettings.maxBitrate() + "; "
                + mediaSettings + "; " + metricsAccess + "; " + whipAccess + "; " + sourceSettings + "; "
                + drainSettings);
    }

    @Produces
    DrainSettings drainSettings() {
        return drainSettings;
    }

    @Produces
    SessionLimits sessionLimits() {
        return sessionLimits;
    }

    @Produces
    RoomLimits roomLimits() {
        return roomLimits;
    }

    @Produces
    SignalingSettings signalingSettings() {
        return signalingSettings;
    }

    /** The signaling's Origin check, which the HTTP endpoints that act for a page use too. */
    @Produces
    OriginPolicy originPolicy() {
        return signalingSettings.origins();
    }

    /** The signaling's trusted proxies, whose X-Forwarded-For the HTTP endpoints believe too. */
    @Produces
    TrustedProxies trustedProxies() {
        return signalingSettings.trustedProxies();
    }

    @Produces
    BackgroundImageLimits backgroundImageLimits() {
        return backgroundImageLimits;
    }

    @Produces
    RtcSettings rtcSettings() {
        return rtcSettings;
    }

    @Produces
    MediaSettings mediaSettings() {
        return mediaSettings;
    }

    @Produces
    MetricsAccess metricsAccess() {
        return metricsAccess;
    }

    @Produces
    WhipAccess whipAccess() {
        return whipAccess;
    }

    @Produces
    SourceSettings sourceSettings() {
        return sourceSettings;
    }
}
