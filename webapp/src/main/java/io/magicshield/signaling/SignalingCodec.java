package io.magicshield.signaling;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;

/**
 * Reads client messages (JSON-P, validated by {@link MessageParser}) and writes server messages (JSON-B from the
 * {@link ServerMessage} records). One per application: both are thread-safe and costly to create, and they are
 * created on a deployment thread, because WebRTC's threads (which send answers) have no context class loader.
 */
@ApplicationScoped
public class SignalingCodec {

    private final MessageParser parser;
    private final Jsonb jsonb;

    /** For the CDI proxy only. */
    protected SignalingCodec() {
        parser = null;
        jsonb = null;
    }

    @Inject
    public SignalingCodec(SignalingSettings settings) {
        parser = new MessageParser(settings.maxMessageBytes(), JsonProvider.provider());
        jsonb = JsonbBuilder.create();
    }

    /** Observing Startup creates the codec at deployment rather than under the first session's signaling. */
    void createAtDeployment(@Observes Startup startup) {
        // nothing more: creating the bean is the point
    }

    public ClientMessage parse(String text) throws ProtocolException {
        return parser.parse(text);
    }

    public String encode(ServerMessage message) {
        return jsonb.toJson(message);
    }

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            throw new IllegalStateException("JSON-B did not close", e);
        }
    }
}
