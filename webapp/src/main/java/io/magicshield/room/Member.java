package io.magicshield.room;

import io.magicshield.rtc.IceCandidate;
import io.magicshield.session.EndReason;
import io.magicshield.session.MediaRole;
import io.magicshield.session.ShieldSession;
import java.util.function.Consumer;

/**
 * One session in a room, between it and its page: passes the session's events on to the page, and tells the room
 * (through the two actions it was given) when the session's receive slots exist (its answer) and when it has gone.
 */
public final class Member implements ShieldSession.Listener {

    /** The page's side of a member: its session's events and what it is shown of the room. */
    public interface Page extends ShieldSession.Listener {
        void onRoom(RoomView view);
    }

    /** The 2-byte source mark of room audio (docs/protocol.md). */
    private static final int AUDIO_SOURCES = 1 << 16;

    private final String roomId;
    private final MediaRole role;
    private final String streamId;
    private final String label;
    private final String pinnedStream;
    private final Page page;
    private final Runnable negotiated;
    private final Consumer<Member> left;
    private volatile ShieldSession session;

    /**
     * @param streamId     the stream id a participant's processed video goes by (null for a viewer)
     * @param pinnedStream the only stream a WHEP viewer is shown (null: all)
     * @param negotiated   run (on a WebRTC thread, so it must only hand on) once the answer is out
     * @param left         told once the session has ended
     */
    Member(
            String roomId,
            MediaRole role,
            String streamId,
            String label,
            String pinnedStream,
            Page page,
            Runnable negotiated,
            Consumer<Member> left) {
        this.roomId = roomId;
        this.role = role;
        this.streamId = streamId;
        this.label = label;
        this.pinnedStream = pinnedStream;
        this.page = page;
        this.negotiated = negotiated;
        this.left = left;
    }

    void attach(ShieldSession started) {
        this.session = started;
    }

    /** The member's session; null until it was admitted. */
    public ShieldSession session() {
        return session;
    }

    public String roomId() {
        return roomId;
    }

    public MediaRole role() {
        return role;
    }

    /** The stream id of a participant; null for a viewer. */
    public String streamId() {
        return streamId;
    }

    /**
     * The number a participant's sound is marked with for the others' pages: its join number (the end of its stream
     * id), within the 2 bytes the mark has.
     */
    int soundSource() {
        return Integer.parseInt(streamId.substring(streamId.lastIndexOf('.') + 1)) % AUDIO_SOURCES;
    }

    String label() {
        return label;
    }

    /** The one stream a WHEP player is shown; null for a page, which is shown all. */
    String pinnedStream() {
        return pinnedStream;
    }

    boolean wants(Member source) {
        return pinnedStream == null || pinnedStream.equals(source.streamId);
    }

    void show(RoomView view) {
        page.onRoom(view);
    }

    @Override
    public void onAnswer(String sdp) {
        page.onAnswer(sdp);
        negotiated.run();
    }

    @Override
    public void onLocalCandidate(IceCandidate candidate) {
        page.onLocalCandidate(candidate);
    }

    @Override
    public void onTimeWarning(long secondsLeft) {
        page.onTimeWarning(secondsLeft);
    }

    @Override
    public void onEnded(EndReason reason, String message) {
        page.onEnded(reason, message);
        left.accept(this);
    }

    @Override
    public void onGathered(String sdp) {
        page.onGathered(sdp);
    }
}
