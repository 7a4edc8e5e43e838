// The effect's memory of each hand across frames: its smoothed landmarks, gesture state (with hysteresis), shield
// fade and ring rotation, all advanced by the frames' timestamps. A hand the tracker lost stays while its shield
// fades out.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "geometry.h"
#include "hand_geometry.h"
#include "hand_tracker.h"
#include "magicshield/magicshield.h"
#include "one_euro_filter.h"

namespace magicshield {

struct HandEffect {
  LandmarkSmoother smoother;
  GestureState gesture;
  Landmarks drawn{};      // smoothed landmarks of the last frame the hand was seen
  HandMeasures measures;  // from `drawn`
  float angle_degrees = 0.f;
  float opacity = 0.f;
  bool seen_now = false;
};

class EffectState {
 public:
  // Advances every hand to this frame: the tracked ones from their landmarks, the lost ones fading out.
  void update(const std::vector<TrackedHand>& tracked, std::int64_t timestamp_us, const EffectOptions& options);
  // By tracker id, in id order.
  const std::map<int, HandEffect>& hands() const { return hands_; }
  // Forgets the hands; the frame clock runs on (the tracker restarted, the stream did not).
  void forget_hands() { hands_.clear(); }
  // Forgets the hands and the frame clock.
  void reset();

 private:
  std::map<int, HandEffect> hands_;
  std::int64_t last_timestamp_us_ = 0;
  bool has_timestamp_ = false;
};

}  // namespace magicshield
