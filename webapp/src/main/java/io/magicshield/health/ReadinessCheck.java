package io.magicshield.health;

import io.magicshield.media.EffectUnavailableException;
import io.magicshield.media.FrameEffectProvider;
import io.magicshield.rtc.RtcEngine;
import io.magicshield.session.SessionManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when a session can run: the effect core loaded (library, models, sprites) and WebRTC's factory is up.
 * Served by WildFly at {@code http://127.0.0.1:9990/health/ready}.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    FrameEffectProvider effect;

    @Inject
    RtcEngine rtc;

    @Inject
    SessionManager sessions;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("magicshield").up();
        try {
            response.withData("effect", effect.describe());
        } catch (EffectUnavailableException e) {
            response.down().withData("effect", e.getMessage());
        }
        rtc.problem()
                .ifPresentOrElse(
                        problem -> response.down().withData("webrtc", problem),
                        () -> response.withData("webrtc", "up"));
        return response.withData("sessions", sessions.activeSessions()).build();
    }
}
