package io.magicshield.session;

/**
 * What a session's page sends: its camera (solo or a room's participant), or nothing (a room's viewer); or a camera on
 * the server.
 */
public enum MediaRole {
    /** The camera goes through the effect and comes back processed; in a room, others are shown it too. */
    CAMERA,
    /** Receives others' processed streams only: no effect, no camera, no media timeout. */
    VIEWER,
    /**
     * A camera on the server (a pulled source): processed and shown like {@link #CAMERA}, its pictures handed in
     * without a connection, and never cut by the time limit, which is for a person's session: a source is a
     * server-side stream that lives, under one stream id, until the operator deletes it.
     */
    SOURCE
}
