// What the effect reads off a hand: how open it is and where the shield goes (docs: effect spec).
#pragma once

#include "magicshield/magicshield.h"

#include "geometry.h"

namespace magicshield {

struct HandMeasures {
  float hand_close = 0.f;  // |wrist - index MCP|: a size that does not change as the hand opens
  float hand_open = 0.f;   // |index tip - pinky tip|: grows as the fingers spread
  float ratio = 0.f;       // hand_open / hand_close, the prototype's openness
  // How far the least extended of the four fingers reaches along the hand: (tip - MCP) projected on the
  // direction wrist -> middle MCP, in units of |wrist - middle MCP|. About 0.5-0.9 for an open hand, below zero
  // for fingers folded back, even when (seen from the front) a folded finger looks straight.
  float finger_extension = 0.f;
  Point2 shield_centre;  // middle-finger MCP
  float shield_diameter = 0.f;
};

HandMeasures measure_hand(const Landmarks& landmarks, float shield_scale);

// The first three come from the effect options (their defaults, in tests), so no second copy of them is kept here.
struct GestureThresholds {
  float show_ratio = EffectOptions{}.show_ratio;
  float hysteresis =
      EffectOptions{}.hysteresis;  // once seen, the shield appears above show + h/2, goes below show - h/2
  float lines_min_ratio = EffectOptions{}.lines_min_ratio;
  float extension_to_open = 0.35f;  // all four fingers at least this extended to open ...
  float extension_to_stay = 0.25f;  // ... and to stay open
};

// Open/closed with hysteresis, so a hand that hovers at a threshold does not make the shield flicker. A hand
// seen for the first time is judged by the plain thresholds.
class GestureState {
 public:
  HandState update(const HandMeasures& m, const GestureThresholds& t);
  HandState state() const { return state_; }

 private:
  HandState state_ = HandState::kIdle;
  bool seen_ = false;
};

}  // namespace magicshield
