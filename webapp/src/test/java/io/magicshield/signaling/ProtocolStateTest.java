package io.magicshield.signaling;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.magicshield.rtc.IceCandidate;
import io.magicshield.session.MediaRole;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolStateTest {

    private static final ClientMessage START = new ClientMessage.Start(Map.of());
    private static final ClientMessage OFFER = new ClientMessage.Offer("v=0");
    private static final ClientMessage ICE = new ClientMessage.Ice(new IceCandidate("candidate:1", "0", 0));
    private static final ClientMessage OPTIONS = new ClientMessage.Options(Map.of());
    private static final ClientMessage STOP = new ClientMessage.Stop();
    private static final ClientMessage JOIN = new ClientMessage.Join("room", MediaRole.VIEWER, Map.of());

    private static void accepted(ProtocolState state, ClientMessage... messages) {
        for (ClientMessage message : messages) {
            assertDoesNotThrow(() -> state.check(message), state + " should accept " + message);
        }
    }

    private static void outOfOrder(ProtocolState state, ClientMessage message, String expected) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> state.check(message));
        assertEquals(ErrorCode.OUT_OF_ORDER, e.code());
        assertEquals(expected, e.getMessage());
    }

    @Test
    void beforeStartOnlyStartOrStop() {
        accepted(ProtocolState.OPEN, START, JOIN, STOP);
        outOfOrder(ProtocolState.OPEN, OFFER, "send 'start' (or 'join') first");
        outOfOrder(ProtocolState.OPEN, ICE, "send 'start' (or 'join') first");
        outOfOrder(ProtocolState.OPEN, OPTIONS, "send 'start' (or 'join') first");
    }

    @Test
    void afterStartTheOfferComesBeforeCandidates() {
        accepted(ProtocolState.STARTED, OFFER, OPTIONS, STOP);
        outOfOrder(ProtocolState.STARTED, START, "the session has already started");
        outOfOrder(ProtocolState.STARTED, JOIN, "the session has already started");
        outOfOrder(ProtocolState.STARTED, ICE, "send the 'offer' before candidates");
    }

    @Test
    void oneOfferPerSession() {
        accepted(ProtocolState.NEGOTIATED, ICE, OPTIONS, STOP);
        outOfOrder(ProtocolState.NEGOTIATED, OFFER, "one offer per session: renegotiation is not supported");
        outOfOrder(ProtocolState.NEGOTIATED, START, "the session has already started");
        outOfOrder(ProtocolState.NEGOTIATED, JOIN, "the session has already started");
    }

    @Test
    void nothingAfterTheEnd() {
        for (ClientMessage message : new ClientMessage[] {START, JOIN, OFFER, ICE, OPTIONS, STOP}) {
            outOfOrder(ProtocolState.ENDED, message, "the session has ended");
        }
    }
}
