package io.magicshield.room;

import java.time.Duration;

/**
 * The limits of rooms (magicshield.rooms.*). Participants and viewers also hold session slots, so the server's
 * session cap bounds them all together.
 *
 * @param participants    participants per room: each sees the others in that many minus one receive slots
 * @param viewers         viewers per room (the page's and WHEP's together)
 * @param maxRooms        rooms open at once on this server
 * @param creations       rooms one client address may create per {@code creationWindow}
 * @param creationWindow  the window of {@code creations}
 * @param emptyGrace      how long a room with no participant stays open (for a rejoin, or the first join)
 */
public record RoomLimits(
        int participants, int viewers, int maxRooms, int creations, Duration creationWindow, Duration emptyGrace) {

    /** Slots on a page's connection: a receive slot per stream it can be shown; 16 keeps an offer small. */
    static final int MOST_STREAMS = 16;

    public RoomLimits {
        require(
                participants >= 2 && participants <= MOST_STREAMS,
                "participants per room must be 2 to " + MOST_STREAMS);
        require(viewers >= 0, "viewers per room must not be negative");
        require(maxRooms >= 1, "max rooms must be at least 1");
        require(creations >= 1 && positive(creationWindow), "room creation rate must allow at least 1 per window");
        require(positive(emptyGrace), "the empty room's grace must be positive");
    }

    /** Receive slots a participant's page offers: one per other participant. */
    public int participantSlots() {
        return participants - 1;
    }

    /** Receive slots a viewer's page offers: one per participant. */
    public int viewerSlots() {
        return participants;
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
