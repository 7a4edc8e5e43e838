package io.magicshield.session;

import io.magicshield.core.EffectOptions;
import io.magicshield.media.MediaStats;
import io.magicshield.rtc.PeerSession;

/** Makes a session's peer, with its own effect, when the page's offer arrives. */
@FunctionalInterface
interface PeerFactory {

    /** @throws RuntimeException when no peer can be made: WebRTC is down or stopping, or the effect cannot open */
    PeerSession open(
            String sessionId, MediaRole role, EffectOptions settings, MediaStats stats, PeerSession.Listener listener);
}
