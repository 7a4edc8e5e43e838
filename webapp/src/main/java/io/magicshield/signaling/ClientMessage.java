package io.magicshield.signaling;

import io.magicshield.core.EffectOption;
import io.magicshield.rtc.IceCandidate;
import io.magicshield.session.MediaRole;
import java.util.Map;

/** The messages a page sends, after validation (see docs/protocol.md). */
public sealed interface ClientMessage {

    /** Starts a session; {@code options} holds the effect fields the page chose (checked, possibly none). */
    record Start(Map<EffectOption, Object> options) implements ClientMessage {}

    /** Joins a room instead of starting alone: as a participant (camera) or a viewer (receive only). */
    record Join(String room, MediaRole role, Map<EffectOption, Object> options) implements ClientMessage {}

    record Offer(String sdp) implements ClientMessage {}

    /** A trickled candidate; an empty {@code candidate} marks the end of the page's candidates. */
    record Ice(IceCandidate candidate) implements ClientMessage {}

    /** Live effect changes: at least one field. */
    record Options(Map<EffectOption, Object> changes) implements ClientMessage {}

    record Stop() implements ClientMessage {}
}
