package io.magicshield.core;

/** How the frames given to a processor relate to each other. */
public enum FrameMode {
    /** A stream: hands are tracked from frame to frame, landmarks smoothed, the shield fades in and out. */
    VIDEO,
    /** Unrelated images: each is searched on its own and drawn at once (the CLI's {@code --mode image}). */
    STILL_IMAGES
}
