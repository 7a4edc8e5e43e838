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
  bool is_time;  // must not be negative either
};

const FloatField kFloatFields[] = {
    {"min_detection_score", &EffectOptions::min_detection_score, false},
    {"min_presence_score", &EffectOptions::min_presence_score, false},
    {"show_ratio", &EffectOptions::show_ratio, false},
    {"hysteresis", &EffectOptions::hysteresis, false},
    {"lines_min_ratio", &EffectOptions::lines_min_ratio, false},
    {"shield_scale", &EffectOptions::shield_scale, false},
    {"degrees_per_second", &EffectOptions::degrees_per_second, false},
    {"fade_ms", &EffectOptions::fade_ms, true},
    {"redetect_interval_ms", &EffectOptions::redetect_interval_ms, true},
    {"min_inference_interval_ms", &EffectOptions::min_inference_interval_ms, true},
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

TEST(effect_options, every_number_must_be_finite_and_times_not_negative) {
  for (const FloatField& f : kFloatFields) {
    for (float bad : {kNaN, kInf, -kInf}) {
      CONTEXT(f.name << " = " << bad);
      EffectOptions o;
      o.*f.field = bad;
      CHECK_THROWS_WITH(check_effect_options(o), std::invalid_argument, f.name);
    }
    CONTEXT(f.name);
    EffectOptions o;
    o.*f.field = -1.f;
    if (f.is_time) {
      CHECK_THROWS_WITH(check_effect_options(o), std::invalid_argument, f.name);
    } else {
      CHECK_NOTHROW(check_effect_options(o));
    }
  }
}

TEST(effect_options, ranges_are_not_the_cores_business) {
  // Any finite value passes, however far beyond what the page offers: the Java table owns the ranges.
  EffectOptions o;
  for (const FloatField& f : kFloatFields) o.*f.field = kMax;
  CHECK_NOTHROW(check_effect_options(o));
  for (const FloatField& f : kFloatFields) o.*f.field = 0.f;
  CHECK_NOTHROW(check_effect_options(o));
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
  o.show_ratio = 1.2f;
  o.hysteresis = 0.2f;
  o.lines_min_ratio = 0.4f;
  const TrackerOptions t = tracker_options(o);
  CHECK_EQ(t.max_hands, 3);
  CHECK(!t.tracking);
  CHECK_EQ(t.min_detection_score, 0.3f);
  CHECK_EQ(t.min_presence, 0.7f);
  CHECK_EQ(t.redetect_interval_us, std::int64_t{150000});
  const GestureThresholds g = gesture_thresholds(o);
  CHECK_EQ(g.show_ratio, 1.2f);
  CHECK_EQ(g.hysteresis, 0.2f);
  CHECK_EQ(g.lines_min_ratio, 0.4f);
  // The finger-extension thresholds are the core's own, not options.
  CHECK_EQ(g.extension_to_open, GestureThresholds{}.extension_to_open);
}
