// What the effect reads off a hand: how open it is and where the shield goes (docs: effect spec, "Open hand").
#pragma once

#include "magicshield/magicshield.h"

#include "geometry.h"

namespace magicshield {

// The hand's shape in 3D, from the landmarks' x, y and z (z: the model's depth, on the scale of x). Angles in degrees.
struct HandMeasures {
  float hand_close = 0.f;  // |wrist - index MCP| in the image: a size that does not change as the hand opens
  float hand_open = 0.f;   // |index tip - pinky tip| in the image: grows as the fingers spread
  float ratio = 0.f;       // hand_open / hand_close, the prototype's openness (it decides the hand lines)
  // How far each finger (index, middle, ring, pinky) is bent: the turns at its MCP (from the wrist -> MCP line), PIP
  // and DIP added up. About 20 for a straight finger, 150-250 for one folded into a fist.
  float finger_bend[4] = {0.f, 0.f, 0.f, 0.f};
  float finger_fan = 0.f;   // between the index and the pinky (MCP -> tip): fingers together ~10-20, spread 40-55
  float palm_facing = 0.f;  // between the palm's plane and the image plane: 0 = palm or back square to the camera
  float thumb_gap = 0.f;    // |thumb tip - index tip| / |wrist - middle MCP|: a pinch or an "OK" closes it
  float open_score = 0.f;   // 0..1, see open_score() in the .cpp; compared with the open threshold
  Point2 shield_centre;     // middle-finger MCP
  float shield_diameter = 0.f;
};

HandMeasures measure_hand(const Landmarks& landmarks, float shield_scale);

// All three come from the effect options (their defaults, in tests), so no second copy of them is kept here.
struct GestureThresholds {
  float open_threshold = EffectOptions{}.open_threshold;
  float hysteresis =
      EffectOptions{}.hysteresis;  // once seen, the shield appears above threshold + h/2, goes below - h/2
  float lines_min_ratio = EffectOptions{}.lines_min_ratio;
};

// Open/closed with hysteresis, so a hand that hovers at a threshold does not make the shield flicker. A hand
// seen for the first time is judged by the plain threshold.
class GestureState {
 public:
  HandState update(const HandMeasures& m, const GestureThresholds& t);
  HandState state() const { return state_; }

 private:
  HandState state_ = HandState::kIdle;
  bool seen_ = false;
};

}  // namespace magicshield
