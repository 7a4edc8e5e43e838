// The frame's hands as the public result reports them: the tracker's raw landmarks and handedness with the
// effect's state of each hand.
#pragma once

#include <vector>

#include "effect_state.h"
#include "hand_tracker.h"
#include "magicshield/magicshield.h"

namespace magicshield {

// Fills hand_count and hands (at most kMaxHands, in the tracker's order). Every tracked hand must have its effect
// (EffectState::update with these hands).
void fill_hand_results(const std::vector<TrackedHand>& tracked, const EffectState& effects, FrameResult& result);

}  // namespace magicshield
