#include "hand_geometry.h"

#include <algorithm>
#include <cmath>

namespace magicshield {
namespace {

// The finger from `mcp` to its tip (three landmarks on), projected on the hand's unit direction `along`.
float extension(const Landmarks& lm, int mcp, Point2 along, float palm) {
  const Point2 finger = xy(lm[mcp + 3]) - xy(lm[mcp]);
  return (finger.x * along.x + finger.y * along.y) / palm;
}

}  // namespace

HandMeasures measure_hand(const Landmarks& lm, float shield_scale) {
  HandMeasures m;
  m.hand_close = distance(xy(lm[kWrist]), xy(lm[kIndexMcp]));
  m.hand_open = distance(xy(lm[kIndexTip]), xy(lm[kPinkyTip]));
  m.ratio = m.hand_close > 1e-3f ? m.hand_open / m.hand_close : 0.f;
  const Point2 hand = xy(lm[kMiddleMcp]) - xy(lm[kWrist]);
  const float palm = std::hypot(hand.x, hand.y);
  if (palm > 1e-3f) {
    const Point2 along = hand * (1.f / palm);
    m.finger_extension = std::min({extension(lm, kIndexMcp, along, palm), extension(lm, kMiddleMcp, along, palm),
                                   extension(lm, kRingMcp, along, palm), extension(lm, kPinkyMcp, along, palm)});
  }
  m.shield_centre = xy(lm[kMiddleMcp]);
  m.shield_diameter = shield_scale * m.hand_close;
  return m;
}

HandState GestureState::update(const HandMeasures& m, const GestureThresholds& t) {
  bool open;
  if (!seen_) {
    open = m.ratio > t.show_ratio && m.finger_extension >= t.extension_to_open;
  } else if (state_ == HandState::kShield) {
    open = m.ratio >= t.show_ratio - 0.5f * t.hysteresis && m.finger_extension >= t.extension_to_stay;
  } else {
    open = m.ratio > t.show_ratio + 0.5f * t.hysteresis && m.finger_extension >= t.extension_to_open;
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
