#include "one_euro_filter.h"

#include <algorithm>
#include <cmath>

namespace magicshield {
namespace {

float smoothing_factor(float cutoff_hz, float dt_s) {
  const float tau = 1.f / (2.f * kPi * cutoff_hz);
  return 1.f / (1.f + tau / dt_s);
}

}  // namespace

float OneEuroFilter::filter(float value, std::int64_t timestamp_us, float value_scale, const OneEuroParams& p) {
  if (!initialised_ || timestamp_us <= last_us_) {
    // First value, or time did not move forward: nothing to derive a speed from.
    if (!initialised_) {
      initialised_ = true;
      last_value_ = value;
      last_derivative_ = 0.f;
    }
    last_us_ = std::max(last_us_, timestamp_us);
    last_raw_ = value;
    return last_value_;
  }
  const float dt = static_cast<float>(timestamp_us - last_us_) * 1e-6f;
  const float derivative = (value - last_raw_) * value_scale / dt;
  last_derivative_ += smoothing_factor(p.derivative_cutoff, dt) * (derivative - last_derivative_);
  const float cutoff = p.min_cutoff + p.beta * std::fabs(last_derivative_);
  last_value_ += smoothing_factor(cutoff, dt) * (value - last_value_);
  last_raw_ = value;
  last_us_ = timestamp_us;
  return last_value_;
}

Landmarks LandmarkSmoother::smooth(const Landmarks& raw, std::int64_t timestamp_us, const OneEuroParams& p) {
  float min_x = raw[0].x, max_x = raw[0].x, min_y = raw[0].y, max_y = raw[0].y;
  for (const Landmark& l : raw) {
    min_x = std::min(min_x, l.x);
    max_x = std::max(max_x, l.x);
    min_y = std::min(min_y, l.y);
    max_y = std::max(max_y, l.y);
  }
  const float size = 0.5f * ((max_x - min_x) + (max_y - min_y));
  const float scale = size > 1e-3f ? 1.f / size : 1.f;
  Landmarks out;
  for (int i = 0; i < kNumLandmarks; ++i) {
    out[i].x = filters_[i][0].filter(raw[i].x, timestamp_us, scale, p);
    out[i].y = filters_[i][1].filter(raw[i].y, timestamp_us, scale, p);
    out[i].z = filters_[i][2].filter(raw[i].z, timestamp_us, scale, p);
  }
  return out;
}

void LandmarkSmoother::reset() {
  for (auto& row : filters_) {
    for (OneEuroFilter& f : row) f.reset();
  }
}

}  // namespace magicshield
