package io.magicshield.whep;

import io.magicshield.room.Member;
import io.magicshield.room.RoomView;
import io.magicshield.rtc.IceCandidate;
import io.magicshield.session.EndReason;
import java.util.concurrent.CompletableFuture;

/**
 * A WHEP player's (or WHIP publisher's) side of its session: there is no socket, so the only things it takes are the
 * answer with all the server's candidates (the HTTP response carries it) and the end. Candidates one by one and room
 * messages have nowhere to go.
 */
public final class WhepPage implements Member.Page {

    private final CompletableFuture<String> answer = new CompletableFuture<>();
    private final Runnable onEnded;

    /** @param onEnded run once the session has ended, whatever ended it */
    public WhepPage(Runnable onEnded) {
        this.onEnded = onEnded;
    }

    /** Completes with the answer, or exceptionally with the reason the session ended before there was one. */
    public CompletableFuture<String> answer() {
        return answer;
    }

    @Override
    public void onGathered(String sdp) {
        answer.complete(sdp);
    }

    @Override
    public void onEnded(EndReason reason, String message) {
        answer.completeExceptionally(new IllegalStateException(message));
        onEnded.run();
    }

    @Override
    public void onAnswer(String sdp) {
        // the answer is sent once gathering is complete, with every candidate in it (no trickle)
    }

    @Override
    public void onLocalCandidate(IceCandidate candidate) {
        // in the answer (see onGathered)
    }

    @Override
    public void onTimeWarning(long secondsLeft) {
        // no channel to say it on: the session ends at its time limit like any
    }

    @Override
    public void onRoom(RoomView view) {
        // a WHEP player is shown one stream and needs no roster
    }
}
