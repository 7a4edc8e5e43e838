package io.magicshield.core;

/** What the effect shows for a hand. */
public enum HandState {
    /** Closed or barely open: nothing drawn. */
    IDLE,
    /** Half open: the hand lines. */
    LINES,
    /** Open wide: the shield. */
    SHIELD
}
