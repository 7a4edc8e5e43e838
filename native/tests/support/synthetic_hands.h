// Synthetic hands in MediaPipe's 21-landmark layout, for the ROI, tracker, geometry and smoothing tests:
// an upright right-ish hand with straight fingers, placed, scaled and rotated at will, and its palm detection.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

#include "geometry.h"
#include "palm_detection.h"

namespace mstest {

using magicshield::Landmarks;
using magicshield::Point2;

// A finger (or thumb) as four collinear joints from `base` along `direction` (unit vector), `bone` apart.
inline void straight_finger(Landmarks& lm, int first, Point2 base, Point2 direction, float bone) {
  for (int k = 0; k < 4; ++k) lm[first + k] = {base.x + direction.x * bone * k, base.y + direction.y * bone * k, 0.f};
}

inline Point2 unit(float x, float y) {
  const float n = std::hypot(x, y);
  return {x / n, y / n};
}

// An open hand, wrist at (0, 0), fingers up (towards -y), spread; straight fingers (straightness 1).
// |wrist - index MCP| = hypot(20, 60).
inline Landmarks open_hand_at_origin() {
  Landmarks lm{};
  lm[0] = {0.f, 0.f, 0.f};
  straight_finger(lm, 1, {-22.f, -12.f}, unit(-1.f, -0.8f), 14.f);   // thumb CMC, MCP, IP, tip
  straight_finger(lm, 5, {-20.f, -60.f}, unit(-0.35f, -1.f), 18.f);  // index MCP .. tip
  straight_finger(lm, 9, {0.f, -62.f}, unit(-0.05f, -1.f), 20.f);    // middle
  straight_finger(lm, 13, {18.f, -60.f}, unit(0.2f, -1.f), 18.f);    // ring
  straight_finger(lm, 17, {33.f, -54.f}, unit(0.5f, -1.f), 14.f);    // pinky
  return lm;
}

// `hand` turned by `radians` about the wrist (positive turns +x towards +y, as the ROI rotation), scaled by
// `scale`, then moved so that the wrist lands on `wrist`.
inline Landmarks place_hand(const Landmarks& hand, Point2 wrist, float scale = 1.f, float radians = 0.f) {
  const float c = std::cos(radians), s = std::sin(radians);
  Landmarks out = hand;
  for (int i = 0; i < magicshield::kNumLandmarks; ++i) {
    const float x = (hand[i].x - hand[0].x) * scale;
    const float y = (hand[i].y - hand[0].y) * scale;
    out[i] = {wrist.x + c * x - s * y, wrist.y + s * x + c * y, hand[i].z * scale};
  }
  return out;
}

inline Landmarks open_hand(Point2 wrist, float scale = 1.f, float radians = 0.f) {
  return place_hand(open_hand_at_origin(), wrist, scale, radians);
}

// A palm detection for a hand as the real detector would give it: box around the palm's landmarks, keypoint 0 the
// wrist, keypoint 2 the middle MCP.
inline magicshield::PalmDetection palm_of(const Landmarks& lm, float score = 0.9f) {
  using namespace magicshield;
  float x0 = std::numeric_limits<float>::max(), y0 = x0, x1 = std::numeric_limits<float>::lowest(), y1 = x1;
  for (int i : {0, 1, 5, 9, 13, 17}) {
    x0 = std::min(x0, lm[i].x);
    y0 = std::min(y0, lm[i].y);
    x1 = std::max(x1, lm[i].x);
    y1 = std::max(y1, lm[i].y);
  }
  PalmDetection p;
  p.xmin = x0;
  p.ymin = y0;
  p.width = x1 - x0;
  p.height = y1 - y0;
  p.score = score;
  for (auto& k : p.keypoints) k = {0.5f * (x0 + x1), 0.5f * (y0 + y1)};
  p.keypoints[kPalmWrist] = xy(lm[kWrist]);
  p.keypoints[kPalmMiddleMcp] = xy(lm[kMiddleMcp]);
  return p;
}

}  // namespace mstest
