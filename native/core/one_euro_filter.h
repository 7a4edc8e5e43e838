// Temporal smoothing of landmarks with the one-euro filter (Casiez et al. 2012), as MediaPipe's
// LandmarksSmoothingCalculator does it: values are scaled by 1 / hand size so that one set of parameters fits
// near and far hands, and the cut-off frequency rises with speed, so the shield stays still when the hand is
// still and follows it without lag when it moves.
#pragma once

#include <cstdint>

#include "geometry.h"

namespace magicshield {

struct OneEuroParams {
  float min_cutoff = 0.05f;       // Hz, at rest
  float beta = 80.f;              // how fast the cut-off rises with speed
  float derivative_cutoff = 1.f;  // Hz, for the speed estimate
};

class OneEuroFilter {
 public:
  // `value_scale` multiplies the speed (1 / object size); returns the filtered value.
  float filter(float value, std::int64_t timestamp_us, float value_scale, const OneEuroParams& p);
  void reset() { initialised_ = false; }

 private:
  bool initialised_ = false;
  std::int64_t last_us_ = 0;
  float last_raw_ = 0.f;
  float last_value_ = 0.f;
  float last_derivative_ = 0.f;
};

class LandmarkSmoother {
 public:
  Landmarks smooth(const Landmarks& raw, std::int64_t timestamp_us, const OneEuroParams& p);
  void reset();

 private:
  OneEuroFilter filters_[kNumLandmarks][3];
};

}  // namespace magicshield
