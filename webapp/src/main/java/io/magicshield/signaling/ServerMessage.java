package io.magicshield.signaling;

import io.magicshield.core.EffectOptions;
import io.magicshield.rtc.IceServer;
import java.util.List;
import java.util.Map;

/** The messages the server sends (JSON-B serialises each record; see docs/protocol.md). */
public sealed interface ServerMessage {

    /** @param maxBitrateKbps the most the page's camera may send until the stats reports say more (0: no cap) */
    record Ready(
            String type,
            String sessionId,
            List<IceServer> iceServers,
            Map<String, Object> options,
            long maxDurationSeconds,
            long warningSeconds,
            int maxBitrateKbps)
            implements ServerMessage {
        public Ready(
                String sessionId,
                List<IceServer> iceServers,
                EffectOptions options,
                long maxDurationSeconds,
                long warningSeconds,
                int maxBitrateKbps) {
            this("ready", sessionId, iceServers, options.byName(), maxDurationSeconds, warningSeconds, maxBitrateKbps);
        }
    }

    record Answer(String type, String sdp) implements ServerMessage {
        public Answer(String sdp) {
            this("answer", sdp);
        }
    }

    record Ice(String type, String candidate, String sdpMid, Integer sdpMLineIndex) implements ServerMessage {
        public Ice(String candidate, String sdpMid, Integer sdpMLineIndex) {
            this("ice", candidate, sdpMid, sdpMLineIndex);
        }
    }

    /** The settings in force after an {@code options} message. */
    record Options(String type, Map<String, Object> options) implements ServerMessage {
        public Options(EffectOptions options) {
            this("options", options.byName());
        }
    }

    record Warning(String type, String code, String message, long secondsLeft) implements ServerMessage {
        public Warning(String code, String message, long secondsLeft) {
            this("warning", code, message, secondsLeft);
        }
    }

    record Ended(String type, String reason, String message) implements ServerMessage {
        public Ended(String reason, String message) {
            this("ended", reason, message);
        }
    }

    record Error(String type, String code, String message) implements ServerMessage {
        public Error(ErrorCode code, String message) {
            this("error", code.name(), message);
        }
    }
}
