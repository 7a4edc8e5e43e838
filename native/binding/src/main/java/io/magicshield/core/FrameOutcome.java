package io.magicshield.core;

/**
 * What one frame pass found and drew: what a video session reads of every frame. {@link #of} hands out shared
 * instances for the counts a pass gives, so a frame costs no allocation; {@link ShieldProcessor#details()} has the
 * hands themselves, on request.
 *
 * @param hands        hands found in the frame
 * @param shieldsDrawn shields drawn on it (a lost hand's shield may still be fading out)
 */
public record FrameOutcome(int hands, int shieldsDrawn) {

    /** Counts below this come from the shared instances (the core tracks at most 4 hands). */
    private static final int SHARED = 16;

    private static final FrameOutcome[] OUTCOMES = new FrameOutcome[SHARED * SHARED];

    static {
        for (int i = 0; i < OUTCOMES.length; i++) {
            OUTCOMES[i] = new FrameOutcome(i / SHARED, i % SHARED);
        }
    }

    public FrameOutcome {
        if (hands < 0 || shieldsDrawn < 0) {
            throw new IllegalArgumentException(
                    "counts must not be negative: " + hands + " hands, " + shieldsDrawn + " shields");
        }
    }

    /** The outcome with these counts, without allocating for any count a pass gives. */
    public static FrameOutcome of(int hands, int shieldsDrawn) {
        if (hands >= 0 && hands < SHARED && shieldsDrawn >= 0 && shieldsDrawn < SHARED) {
            return OUTCOMES[hands * SHARED + shieldsDrawn];
        }
        return new FrameOutcome(hands, shieldsDrawn);
    }
}
