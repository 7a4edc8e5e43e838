package io.magicshield.signaling;

import io.magicshield.core.EffectOptions;
import io.magicshield.room.RoomView;
import io.magicshield.rtc.IceServer;
import java.util.List;
import java.util.Map;

/** The messages the server sends (JSON-B serialises each record; see docs/protocol.md). */
public sealed interface ServerMessage {

    /**
     * @param maxBitrateKbps the most the page's camera may send until the stats reports say more (0: no cap)
     * @param room           the room joined (absent for a solo session)
     */
    record Ready(
            String type,
            String sessionId,
            List<IceServer> iceServers,
            Map<String, Object> options,
            long maxDurationSeconds,
            long warningSeconds,
            int maxBitrateKbps,
            Joined room)
            implements ServerMessage {
        public Ready(
                String sessionId,
                List<IceServer> iceServers,
                EffectOptions options,
                long maxDurationSeconds,
                long warningSeconds,
                int maxBitrateKbps,
                Joined room) {
            this(
                    "ready",
                    sessionId,
                    iceServers,
                    options.byName(),
                    maxDurationSeconds,
                    warningSeconds,
                    maxBitrateKbps,
                    room);
        }
    }

    /**
     * @param role     participant or viewer
     * @param streamId the participant's own stream (absent for a viewer)
     * @param slots    receive slots the page offers: a recvonly video section each
     */
    record Joined(String id, String role, String streamId, int slots) {}

    /** Who the page is shown, by its receive slots' mids (docs/protocol.md, rooms). */
    record Room(String type, String id, String streamId, List<RoomView.Tile> tiles, int participants, int viewers)
            implements ServerMessage {
        public Room(RoomView view) {
            this("room", view.roomId(), view.streamId(), view.tiles(), view.participants(), view.viewers());
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
