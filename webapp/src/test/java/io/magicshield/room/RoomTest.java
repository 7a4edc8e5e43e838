package io.magicshield.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.session.MediaRole;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomTest {

    private static final RoomLimits LIMITS = new RoomLimits(2, 1, 4, 3, Duration.ofSeconds(60), Duration.ofSeconds(30));
    private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
    private final Room room = new Room("r".repeat(22), LIMITS, start);

    private Member add(MediaRole role) throws RoomRefusedException {
        return room.add(
                role, (stream, label) -> new Member(room.id(), role, stream, label, null, null, () -> {}, m -> {}));
    }

    @Test
    void participantsGetNumberedStreamIdsUnderTheRoomsIdAndViewersNone() throws Exception {
        Member first = add(MediaRole.CAMERA);
        Member second = add(MediaRole.CAMERA);
        Member viewer = add(MediaRole.VIEWER);

        assertEquals(room.id() + ".1", first.streamId());
        assertEquals(room.id() + ".2", second.streamId());
        assertNull(viewer.streamId());
        assertTrue(room.hasStream(room.id() + ".2"));
        assertEquals(3, room.members());
    }

    @Test
    void aFullRoomRefusesWithTheReasonAndAPlaceFreesOnLeaving() throws Exception {
        Member first = add(MediaRole.CAMERA);
        add(MediaRole.CAMERA);
        add(MediaRole.VIEWER);

        RoomRefusedException participants = assertThrows(RoomRefusedException.class, () -> add(MediaRole.CAMERA));
        RoomRefusedException viewers = assertThrows(RoomRefusedException.class, () -> add(MediaRole.VIEWER));
        assertEquals(RoomRefusedException.Reason.ROOM_FULL, participants.reason());
        assertEquals(RoomRefusedException.Reason.ROOM_FULL, viewers.reason());

        room.remove(first, start);
        Member third = add(MediaRole.CAMERA);
        assertEquals(room.id() + ".3", third.streamId(), "a stream id is never reused in a room");
        assertFalse(room.hasStream(room.id() + ".1"));
    }

    @Test
    void theRoomEndsAGracePeriodAfterItsLastParticipantLeftAndThenTakesNoOne() throws Exception {
        Member only = add(MediaRole.CAMERA);
        assertFalse(room.endIfAbandoned(start.plus(Duration.ofHours(1))), "a room with a participant stays");

        Instant left = start.plusSeconds(100);
        room.remove(only, left);
        assertFalse(room.endIfAbandoned(left.plusSeconds(29)));
        assertTrue(room.endIfAbandoned(left.plusSeconds(30)));
        assertFalse(room.endIfAbandoned(left.plusSeconds(31)), "ends once");

        RoomRefusedException late = assertThrows(RoomRefusedException.class, () -> add(MediaRole.CAMERA));
        assertEquals(RoomRefusedException.Reason.NOT_FOUND, late.reason());
    }

    @Test
    void aRoomNobodyJoinedEndsAfterTheGraceToo() {
        assertFalse(room.endIfAbandoned(start.plusSeconds(29)));
        assertTrue(room.endIfAbandoned(start.plusSeconds(30)));
    }

    @Test
    void idsAre128RandomBitsInUrlSafeCharacters() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = RoomIds.next();
            assertTrue(RoomIds.wellFormed(id), id);
            assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
            ids.add(id);
        }
        assertEquals(1000, ids.size());
        assertFalse(RoomIds.wellFormed(null));
        assertFalse(RoomIds.wellFormed("../../etc/passwd"));
        assertFalse(RoomIds.wellFormed("a".repeat(23)));
    }

    @Test
    void limitsAreChecked() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new RoomLimits(1, 8, 4, 3, Duration.ofSeconds(60), Duration.ofSeconds(30)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new RoomLimits(4, 8, 0, 3, Duration.ofSeconds(60), Duration.ofSeconds(30)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new RoomLimits(4, 8, 4, 3, Duration.ofSeconds(60), Duration.ZERO));
        assertEquals(3, new RoomLimits(4, 8, 4, 3, Duration.ofSeconds(60), Duration.ofSeconds(1)).participantSlots());
    }
}
