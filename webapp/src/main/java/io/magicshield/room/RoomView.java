package io.magicshield.room;

import java.util.List;

/**
 * What one member is shown of its room: the room message of docs/protocol.md.
 *
 * @param streamId     the member's own stream (null for a viewer)
 * @param tiles        the streams in its receive slots
 * @param participants participants in the room now
 * @param viewers      viewers in the room now
 */
public record RoomView(String roomId, String streamId, List<Tile> tiles, int participants, int viewers) {

    /**
     * One other participant's stream in a receive slot.
     *
     * @param mid the mid of the slot's video section in the page's offer
     */
    public record Tile(String streamId, String label, String mid) {}

    public RoomView {
        tiles = List.copyOf(tiles);
    }
}
