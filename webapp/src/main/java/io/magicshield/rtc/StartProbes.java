package io.magicshield.rtc;

import io.magicshield.media.LinkLadder;

/**
 * When the server's video sender lifts its cap so that libwebrtc probes the link: in the session's first readings,
 * while the picture is reduced, every third one. Raising the allocation above the estimate makes libwebrtc probe, and
 * a big link reaches 640x480 within seconds of the 300 kbit/s start (without probes the estimate rises ~8% a second:
 * 640x480 came ~15 s after going live). Not later in the session: libwebrtc probes at up to twice the allocation, and
 * on an 800 kbit/s link with a 100 ms queue every probe second lost 4-21% of the packets toward the page and froze
 * the video (docs/performance.md, "Real networks").
 */
final class StartProbes {

    static final int EVERY_READINGS = 3;
    /** The start: this many readings with the camera's pictures coming. */
    static final int START_READINGS = 12;

    private int readingsWithPictures;

    /**
     * Counts one reading.
     *
     * @param step the picture's step in force, null before the camera's first picture
     * @return whether this reading lifts the cap for a probe
     */
    boolean probeAt(LinkLadder.Step step) {
        if (step == null) {
            return false;
        }
        readingsWithPictures++;
        boolean reduced = step.scale() < 1 || step.frameDivisor() > 1;
        return reduced && readingsWithPictures <= START_READINGS && readingsWithPictures % EVERY_READINGS == 0;
    }
}
