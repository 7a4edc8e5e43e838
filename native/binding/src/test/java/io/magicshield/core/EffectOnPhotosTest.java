package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The effect on the still photos, per labels.csv: open palms get a shield, fists never do, photos without hands
 * pass through untouched (or exactly mirrored). Each photo is held in front of a reset processor for a few frames
 * at 30 fps, as a still camera view would be, because the shield fades in over 150 ms. The rendered open palms are
 * written to target/rendered/ for people to look at.
 */
class EffectOnPhotosTest {
    private static final int HELD_FRAMES = 8; // a fist held 233 ms at 30 fps: past the 150 ms fade-in
    private static final Path RENDERED = Path.of("target", "rendered");

    @Test
    void everyOpenPalmGetsAShield() throws IOException {
        List<Path> photos = TestData.photosOfCategory("open_palm");
        assertFalse(photos.isEmpty(), "labels.csv lists no open_palm photo");
        List<String> failures = new ArrayList<>();
        // Each photo alone, in one frame: still mode draws at once, without tracking or fading in.
        try (ShieldProcessor processor = Sessions.newStillProcessor(Sessions.REFERENCE)) {
            for (Path photo : photos) {
                I420Frame in = TestData.readI420(photo);
                I420Frame out = I420Frame.allocate(in.width(), in.height());
                FrameDetails result = Sessions.still(processor, in, out);
                String name = photo.getFileName().toString();
                TestData.writeImage(out, RENDERED.resolve(name.replace(".jpg", ".png")));

                HandInfo hand = result.hands().isEmpty() ? null : result.hands().get(0);
                double changed = hand == null
                        ? 0
                        : FramePixels.changedLumaInDisc(
                                in, out, hand.shieldX(), hand.shieldY(), hand.shieldDiameter() / 2, 8);
                System.out.printf(
                        "[effect] %-18s hands=%d shields=%d %s%n",
                        name,
                        result.hands().size(),
                        result.shieldsDrawn(),
                        hand == null
                                ? ""
                                : String.format(
                                        "state=%s openScore=%.2f shield at (%.0f, %.0f) d=%.0f px opacity=%.2f, luma changed on "
                                                + "%.0f%% of its disc",
                                        hand.state(),
                                        hand.openScore(),
                                        hand.shieldX(),
                                        hand.shieldY(),
                                        hand.shieldDiameter(),
                                        hand.shieldOpacity(),
                                        100 * changed));
                // The sprite's rings, marks and glow cover much of the disc; the rest is see-through.
                if (result.shieldsDrawn() < 1 || hand == null || hand.state() != HandState.SHIELD || changed < 0.2) {
                    failures.add(name);
                }
            }
        }
        System.out.println("[effect] rendered open palms in " + RENDERED.toAbsolutePath());
        assertTrue(failures.isEmpty(), "no visible shield on " + failures);
    }

    @Test
    void noFistEverGetsAShield() {
        List<Path> photos = TestData.photosOfCategory("fist");
        assertFalse(photos.isEmpty(), "labels.csv lists no fist photo");
        for (Path photo : photos) {
            // a session of its own per photo: no hand state carried over
            try (ShieldProcessor processor = Sessions.newProcessor(Sessions.REFERENCE)) {
                I420Frame in = TestData.readI420(photo);
                I420Frame out = I420Frame.allocate(in.width(), in.height());
                int shields = 0;
                String states = "";
                // Every frame of the hold, not only the last: a shield must not flash up either.
                for (int i = 0; i < HELD_FRAMES; i++) {
                    FrameDetails result = Sessions.frame(processor, in, out, Sessions.timestampMicros(i, 30));
                    shields += result.shieldsDrawn();
                    states = result.hands().stream()
                            .map(h -> h.state() + String.format("(%.2f)", h.openScore()))
                            .toList()
                            .toString();
                }
                System.out.printf(
                        "[effect] %-18s shields drawn over %d frames: %d, hands %s%n",
                        photo.getFileName(), HELD_FRAMES, shields, states);
                assertEquals(0, shields, photo.getFileName() + " got a shield");
            }
        }
    }

    @Test
    void photosWithoutHandsPassThroughUnchangedOrExactlyMirrored() {
        List<Path> photos = TestData.photosOfCategory("no_hand");
        assertFalse(photos.isEmpty(), "labels.csv lists no no_hand photo");
        for (boolean mirror : new boolean[] {false, true}) {
            try (ShieldProcessor processor =
                    Sessions.newStillProcessor(Sessions.REFERENCE.with(EffectOption.MIRROR, mirror))) {
                for (Path photo : photos) {
                    I420Frame in = TestData.readI420(photo);
                    I420Frame original = TestData.copyOf(in);
                    I420Frame out = I420Frame.allocate(in.width(), in.height());
                    FrameDetails result = Sessions.still(processor, in, out);
                    String difference = FramePixels.firstDifference(in, out, mirror);
                    System.out.printf(
                            "[effect] %-18s %dx%d mirror=%b hands=%d output %s%n",
                            photo.getFileName(),
                            in.width(),
                            in.height(),
                            mirror,
                            result.hands().size(),
                            difference == null ? (mirror ? "is the input mirrored" : "equals the input") : difference);
                    assertTrue(
                            result.hands().isEmpty(),
                            photo.getFileName() + ": " + result.hands().size() + " hands");
                    assertNull(difference, photo.getFileName() + " mirror=" + mirror);
                    assertNull(FramePixels.firstDifference(original, in, false), "input changed");
                }
            }
        }
    }
}
