#include "effect_options.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace magicshield {
namespace {

constexpr float kMaxOptionMs = 1e12f;  // about 30 years; 1e15 microseconds still fit an int64 with room to spare

[[noreturn]] void fail(const std::string& what) { throw std::invalid_argument("effect options: " + what); }

void check_time(float ms, const char* name) {
  if (!(ms >= 0.f) || !std::isfinite(ms)) fail(std::string(name) + " must be a finite number of ms >= 0");
}

}  // namespace

void check_effect_options(const EffectOptions& o) {
  if (o.max_hands < 1 || o.max_hands > kMaxHands) fail("max_hands must be 1.." + std::to_string(kMaxHands));
  if (o.model != 0 && o.model != 1) fail("model must be 0 (lite) or 1 (full)");
  if (o.background < 0 || o.background > 3) fail("background must be 0 (off), 1 (blur), 2 (scene) or 3 (image)");
  // Scores, ratios, scale, spin and fade only meet comparisons and the renderer, which draws nothing for a
  // placement that is not finite: any value is safe, so a new option of that kind needs no line here.
  check_time(o.redetect_interval_ms, "redetect_interval_ms");
  check_time(o.min_inference_interval_ms, "min_inference_interval_ms");
}

std::int64_t option_micros(float ms) { return static_cast<std::int64_t>(std::min(ms, kMaxOptionMs) * 1000.f); }

TrackerOptions tracker_options(const EffectOptions& o) {
  TrackerOptions t;
  t.max_hands = o.max_hands;
  t.tracking = o.tracking;
  t.min_detection_score = o.min_detection_score;
  t.min_presence = o.min_presence_score;
  t.redetect_interval_us = option_micros(o.redetect_interval_ms);
  return t;
}

GestureThresholds gesture_thresholds(const EffectOptions& o) {
  GestureThresholds t;
  t.open_threshold = o.open_threshold;
  t.hysteresis = o.hysteresis;
  t.lines_min_ratio = o.lines_min_ratio;
  return t;
}

}  // namespace magicshield
