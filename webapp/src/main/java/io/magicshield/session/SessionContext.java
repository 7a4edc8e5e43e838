package io.magicshield.session;

import io.magicshield.media.FrameCounters;
import java.time.InstantSource;
import java.util.concurrent.Executor;

/**
 * What every session is given at its creation: all it calls besides its signaling listener, so that a session never
 * calls back into the manager that owns it.
 *
 * @param limits   the deadlines a session keeps
 * @param clock    what the deadlines are measured by
 * @param peers    makes the session's peer when the offer arrives
 * @param frames   the server-wide frame counters that each session's own counters feed
 * @param teardown runs the release of an ended session's peer and slot, off the ending thread: closing a peer waits
 *                 for WebRTC's threads
 * @param ended    told when a session ends
 */
record SessionContext(
        SessionLimits limits,
        InstantSource clock,
        PeerFactory peers,
        FrameCounters frames,
        Executor teardown,
        SessionEndListener ended) {}
