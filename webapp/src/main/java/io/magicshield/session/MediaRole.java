package io.magicshield.session;

/** What a session's page sends: its camera (solo or a room's participant), or nothing (a room's viewer). */
public enum MediaRole {
    /** The camera goes through the effect and comes back processed; in a room, others are shown it too. */
    CAMERA,
    /** Receives others' processed streams only: no effect, no camera, no media timeout. */
    VIEWER
}
