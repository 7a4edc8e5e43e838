#include "hand_geometry.h"

#include <algorithm>

namespace magicshield {
namespace {

float straightness(const Landmarks& lm, int mcp) {
  const float bones = distance(xy(lm[mcp]), xy(lm[mcp + 1])) + distance(xy(lm[mcp + 1]), xy(lm[mcp + 2])) +
                      distance(xy(lm[mcp + 2]), xy(lm[mcp + 3]));
  return bones > 1e-3f ? distance(xy(lm[mcp]), xy(lm[mcp + 3])) / bones : 0.f;
}

}  // namespace

HandMeasures measure_hand(const Landmarks& lm, float shield_scale) {
  HandMeasures m;
  m.hand_close = distance(xy(lm[kWrist]), xy(lm[kIndexMcp]));
  m.hand_open = distance(xy(lm[kIndexTip]), xy(lm[kPinkyTip]));
  m.ratio = m.hand_close > 1e-3f ? m.hand_open / m.hand_close : 0.f;
  m.finger_straightness = std::min({straightness(lm, kIndexMcp), straightness(lm, kMiddleMcp),
                                    straightness(lm, kRingMcp), straightness(lm, kPinkyMcp)});
  m.shield_centre = xy(lm[kMiddleMcp]);
  m.shield_diameter = shield_scale * m.hand_close;
  return m;
}

HandState GestureState::update(const HandMeasures& m, const GestureThresholds& t) {
  bool open;
  if (!seen_) {
    open = m.ratio > t.show_ratio && m.finger_straightness >= t.straight_to_open;
  } else if (state_ == HandState::kShield) {
    open = m.ratio >= t.show_ratio - 0.5f * t.hysteresis && m.finger_straightness >= t.straight_to_stay;
  } else {
    open = m.ratio > t.show_ratio + 0.5f * t.hysteresis && m.finger_straightness >= t.straight_to_open;
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
