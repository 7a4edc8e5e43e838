#include "effect_state.h"

#include <algorithm>
#include <cmath>

#include "effect_options.h"

namespace magicshield {
namespace {

// A longer gap between frames is not animated across (the stream stalled), so the rings do not jump.
constexpr std::int64_t kMaxStepUs = 200000;

}  // namespace

void EffectState::update(const std::vector<TrackedHand>& tracked, std::int64_t ts, const EffectOptions& options) {
  const std::int64_t step_us = has_timestamp_ ? std::clamp<std::int64_t>(ts - last_timestamp_us_, 0, kMaxStepUs) : 0;
  last_timestamp_us_ = ts;
  has_timestamp_ = true;
  const float dt = static_cast<float>(step_us) * 1e-6f;
  const GestureThresholds thresholds = gesture_thresholds(options);
  const float fade_step = options.fade_ms > 0.f ? dt * 1000.f / options.fade_ms : 1.f;

  for (auto& [id, effect] : hands_) effect.seen_now = false;
  for (const TrackedHand& hand : tracked) {
    HandEffect& effect = hands_[hand.id];
    effect.seen_now = true;
    effect.drawn =
        options.smoothing ? effect.smoother.smooth(hand.result.landmarks, ts, OneEuroParams{}) : hand.result.landmarks;
    effect.measures = measure_hand(effect.drawn, options.shield_scale);
    effect.gesture.update(effect.measures, thresholds);
  }
  for (auto it = hands_.begin(); it != hands_.end();) {
    HandEffect& effect = it->second;
    const bool shield_wanted = effect.seen_now && effect.gesture.state() == HandState::kShield;
    effect.opacity = std::clamp(effect.opacity + (shield_wanted ? fade_step : -fade_step), 0.f, 1.f);
    effect.angle_degrees = std::fmod(effect.angle_degrees + options.degrees_per_second * dt, 360.f);
    // A lost hand stays only while its shield fades out.
    if (!effect.seen_now && effect.opacity <= 0.f) {
      it = hands_.erase(it);
    } else {
      ++it;
    }
  }
}

void EffectState::reset() {
  hands_.clear();
  has_timestamp_ = false;
}

}  // namespace magicshield
