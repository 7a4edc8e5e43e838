// What the core needs of the public EffectOptions: the checks its arithmetic relies on, and the options turned into
// the units the stages work in. The ranges a user may choose are the Java side's (one table owns them); the core
// only refuses what would make it unsafe or meaningless: a hand count outside its arrays, an unknown model, a
// value that is not a number, a negative time.
#pragma once

#include <cstdint>

#include "hand_geometry.h"
#include "hand_tracker.h"
#include "magicshield/magicshield.h"

namespace magicshield {

// Throws std::invalid_argument naming the first field that fails.
void check_effect_options(const EffectOptions& options);

// A checked (finite, non-negative) time in milliseconds as microseconds. Times beyond 30 years count as 30 years, so
// that no value overflows the conversion.
std::int64_t option_micros(float ms);

TrackerOptions tracker_options(const EffectOptions& options);
GestureThresholds gesture_thresholds(const EffectOptions& options);

}  // namespace magicshield
