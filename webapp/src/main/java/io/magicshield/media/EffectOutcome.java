package io.magicshield.media;

/** What the effect found and drew in one frame. */
public record EffectOutcome(int hands, int shieldsDrawn) {
}
