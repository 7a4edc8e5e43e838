// The core's checks of EffectOptions (effect_options.h): only what its arithmetic needs, each failure naming its
// field; and the options in the stages' units.
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "effect_options.h"
#include "test_harness.h"

using namespace magicshield;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kMax = std::numeric_limits<float>::max();

struct FloatField {
  const char* name;
  float EffectOptions::*field;
};

// Converted to microseconds, so they must be finite and not negative.
const FloatField kTimes[] = {
    {"redetect_interval_ms", &EffectOptions::redetect_interval_ms},
    {"min_inference_interval_ms", &EffectOptions::min_inference_interval_ms},
};

// Only compared or drawn: the core takes any value (the Java table owns the ranges).
const FloatField kFree[] = {
    {"min_detection_score", &EffectOptions::min_detection_score},
    {"min_presence_score", &EffectOptions::min_presence_score},
    {"open_threshold", &EffectOptions::open_threshold},
    {"hysteresis", &EffectOptions::hysteresis},
    {"lines_min_ratio", &EffectOptions::lines_min_ratio},
    {"shield_scale", &EffectOptions::shield_scale},
    {"degrees_per_second", &EffectOptions::degrees_per_second},
    {"fade_ms", &EffectOptions::fade_ms},
};

}  // namespace

TEST(effect_options, defaults_pass) { CHECK_NOTHROW(check_effect_options(EffectOptions{})); }

TEST(effect_options, hand_count_and_model_must_fit_the_core) {
  for (int hands : {0, -1, kMaxHands + 1}) {
    CONTEXT("max_hands " << hands);
    EffectOptions o;
    o.max_hands = hands;
    CHECK_THROWS_WITH(check_effect_options(o), std::invalid_argument, "max_hands");
  }
  for (int hands = 1; hands <= kMaxHands; ++hands) {
    EffectOptions o;
    o.max_hands = hands;
    CHECK_NOTHROW(check_effect_options(o));
  }
  for (int model : {-1, 2}) {
    CONTEXT("model " << model);
    EffectOptions o;
    o.model = model;
    CHECK_THROWS_WITH(check_effect_options(o), std::invalid_argument, "model");
  }
}

TEST(effect_options, times_must_be_finite_and_not_negative) {
  for (const FloatField& f : kTimes) {
    for (float bad : {kNaN, kInf, -kInf, -1.f}) {
      CONTEXT(f.name << " = " << bad);
      EffectOptions o;
      o.*f.field = bad;
      CHECK_THROWS_WITH(check_effect_options(o), std::invalid_argument, f.name);
    }
    EffectOptions o;
    o.*f.field = kMax;
    CHECK_NOTHROW(check_effect_options(o));
  }
}

TEST(effect_options, ranges_are_not_the_cores_business) {
  // Any value passes, NaN included: these are only compared, and the renderer draws nothing for a placement that
  // is not finite (shield_renderer.absurd_placements_draw_nothing).
  for (float value : {kMax, -kMax, 0.f, kNaN, kInf, -kInf}) {
    CONTEXT("every free number = " << value);
    EffectOptions o;
    for (const FloatField& f : kFree) o.*f.field = value;
    CHECK_NOTHROW(check_effect_options(o));
  }
}

TEST(effect_options, times_in_microseconds_saturate) {
  CHECK_EQ(option_micros(0.f), std::int64_t{0});
  CHECK_EQ(option_micros(200.f), std::int64_t{200000});
  CHECK_EQ(option_micros(0.5f), std::int64_t{500});
  // Beyond 30 years a time is 30 years: no overflow, and still "never" for any stream.
  CHECK_EQ(option_micros(kMax), option_micros(1e12f));
  constexpr std::int64_t kThirtyYearsUs = std::int64_t{30} * 365 * 24 * 3600 * 1000000;
  CHECK(option_micros(kMax) > kThirtyYearsUs);
}

TEST(effect_options, stage_settings_follow_the_options) {
  EffectOptions o;
  o.max_hands = 3;
  o.tracking = false;
  o.min_detection_score = 0.3f;
  o.min_presence_score = 0.7f;
  o.redetect_interval_ms = 150.f;
  o.open_threshold = 0.7f;
  o.hysteresis = 0.2f;
  o.lines_min_ratio = 0.4f;
  const TrackerOptions t = tracker_options(o);
  CHECK_EQ(t.max_hands, 3);
  CHECK(!t.tracking);
  CHECK_EQ(t.min_detection_score, 0.3f);
  CHECK_EQ(t.min_presence, 0.7f);
  CHECK_EQ(t.redetect_interval_us, std::int64_t{150000});
  const GestureThresholds g = gesture_thresholds(o);
  CHECK_EQ(g.open_threshold, 0.7f);
  CHECK_EQ(g.hysteresis, 0.2f);
  CHECK_EQ(g.lines_min_ratio, 0.4f);
}
