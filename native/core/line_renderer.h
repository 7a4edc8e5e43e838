// Anti-aliased strokes drawn straight onto I420 planes: the "hand lines" of a half-open hand (red strokes with
// a white core, as the prototype drew them) and the primitive the landmark overlay uses.
#pragma once

#include "geometry.h"
#include "i420.h"

namespace magicshield {

struct Stroke {
  float width = 1.f;  // pixels; a zero-length segment draws a round dot of this diameter
  Yuv colour{};
  float opacity = 1.f;
};

void draw_segment(const I420Image& frame, Point2 a, Point2 b, const Stroke& stroke);

// Wrist to each fingertip and thumb tip to the other tips: a red 5 px stroke under a white 2.5 px core.
void draw_hand_lines(const I420Image& frame, const Landmarks& landmarks, float opacity);

}  // namespace magicshield
