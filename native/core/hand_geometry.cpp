#include "hand_geometry.h"

#include <algorithm>
#include <cmath>

namespace magicshield {
namespace {

// The open score is the least of three criteria, each a ramp from 0 to 1 between two figures, so the score is 0.5
// exactly where the weakest criterion is halfway. The figures come from MediaPipe's own landmarks and ours on the
// shared photos and clips (docs/effect.md has the distributions), with the ramps set wide of both classes:
//  - every finger straight: bend 45 -> 1, 105 -> 0 (0.5 at 75). Open hands bend at most 51 on the photos and 60 on
//    the clip's open frames; a finger of a fist, claw, "L", thumbs-up, "rock" or "OK" bends 90-290.
//  - the hand shown to the camera: the palm (front or back) within 20 -> 1, 40 -> 0 degrees of square to it (0.5 at
//    30), or the fingers fanned 15 -> 0, 35 -> 1 (0.5 at 25). Straight fingers alone are not a raised open hand:
//    hands resting on a keyboard (39 degrees, fan 12) or clasped (35, fan 17) have them too, while every photo and
//    clip frame labelled open has a hand within 25 degrees.
//  - the thumb apart from the index: gap 0.25 -> 0, 0.45 -> 1 palm lengths (0.5 at 0.35). Pinches and "OK" signs
//    measure 0.19-0.26 (where the bent index does not already tell), open hands from 0.53. Whether the thumb itself is
//    out does not count: it is often hidden behind the palm, and a four-finger hand (thumb folded) is taken as open.
constexpr float kBendStraight = 45.f, kBendFolded = 105.f;
constexpr float kFacingSquare = 20.f, kFacingAway = 40.f;
constexpr float kFanTogether = 15.f, kFanSpread = 35.f;
constexpr float kGapPinched = 0.25f, kGapApart = 0.45f;

struct Vec3 {
  float x, y, z;
};
Vec3 operator-(const Landmark& a, const Landmark& b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
float dot(Vec3 a, Vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
float norm(Vec3 a) { return std::sqrt(dot(a, a)); }
Vec3 cross(Vec3 a, Vec3 b) { return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x}; }

// The angle between two directions, in degrees; 0 when either is degenerate.
float degrees_between(Vec3 a, Vec3 b) {
  const float n = norm(a) * norm(b);
  if (!(n > 1e-6f)) return 0.f;
  return std::acos(std::clamp(dot(a, b) / n, -1.f, 1.f)) * 180.f / kPi;
}

// 0 at `zero`, 1 at `one` (either order), linear between.
float ramp(float value, float zero, float one) { return std::clamp((value - zero) / (one - zero), 0.f, 1.f); }

// The finger from `mcp` on: the turns at MCP (from the wrist's line), PIP and DIP.
float bend(const Landmarks& lm, int mcp) {
  const Vec3 palm = lm[mcp] - lm[kWrist];
  const Vec3 proximal = lm[mcp + 1] - lm[mcp];
  const Vec3 middle = lm[mcp + 2] - lm[mcp + 1];
  const Vec3 distal = lm[mcp + 3] - lm[mcp + 2];
  return degrees_between(palm, proximal) + degrees_between(proximal, middle) + degrees_between(middle, distal);
}

float open_score(const HandMeasures& m) {
  float straight = 1.f;
  for (float b : m.finger_bend) straight = std::min(straight, ramp(b, kBendFolded, kBendStraight));
  const float shown =
      std::max(ramp(m.palm_facing, kFacingAway, kFacingSquare), ramp(m.finger_fan, kFanTogether, kFanSpread));
  const float apart = ramp(m.thumb_gap, kGapPinched, kGapApart);
  return std::min({straight, shown, apart});
}

}  // namespace

HandMeasures measure_hand(const Landmarks& lm, float shield_scale) {
  HandMeasures m;
  m.hand_close = distance(xy(lm[kWrist]), xy(lm[kIndexMcp]));
  m.hand_open = distance(xy(lm[kIndexTip]), xy(lm[kPinkyTip]));
  m.ratio = m.hand_close > 1e-3f ? m.hand_open / m.hand_close : 0.f;
  m.shield_centre = xy(lm[kMiddleMcp]);
  m.shield_diameter = shield_scale * m.hand_close;
  const float palm_length = norm(lm[kMiddleMcp] - lm[kWrist]);
  const Vec3 normal = cross(lm[kIndexMcp] - lm[kWrist], lm[kPinkyMcp] - lm[kWrist]);
  if (!(palm_length > 1e-3f) || !(norm(normal) > 1e-6f)) return m;  // no hand to judge: score 0
  for (int f = 0; f < 4; ++f) m.finger_bend[f] = bend(lm, kIndexMcp + 4 * f);
  m.finger_fan = degrees_between(lm[kIndexTip] - lm[kIndexMcp], lm[kPinkyTip] - lm[kPinkyMcp]);
  // The normal's angle to the camera axis, folded so that the back of the hand counts as the front.
  m.palm_facing = std::acos(std::min(std::fabs(normal.z) / norm(normal), 1.f)) * 180.f / kPi;
  m.thumb_gap = norm(lm[kThumbTip] - lm[kIndexTip]) / palm_length;
  m.open_score = open_score(m);
  return m;
}

HandState GestureState::update(const HandMeasures& m, const GestureThresholds& t) {
  bool open;
  if (!seen_) {
    open = m.open_score > t.open_threshold;
  } else if (state_ == HandState::kShield) {
    open = m.open_score >= t.open_threshold - 0.5f * t.hysteresis;
  } else {
    open = m.open_score > t.open_threshold + 0.5f * t.hysteresis;
  }
  seen_ = true;
  if (open) {
    state_ = HandState::kShield;
  } else {
    state_ = m.ratio > t.lines_min_ratio ? HandState::kLines : HandState::kIdle;
  }
  return state_;
}

}  // namespace magicshield
