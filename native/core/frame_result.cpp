#include "frame_result.h"

#include <algorithm>

namespace magicshield {

void fill_hand_results(const std::vector<TrackedHand>& tracked, const EffectState& effects, FrameResult& result) {
  result.hand_count = static_cast<int>(std::min<std::size_t>(tracked.size(), kMaxHands));
  for (int i = 0; i < result.hand_count; ++i) {
    const TrackedHand& hand = tracked[i];
    const HandEffect& effect = effects.hands().at(hand.id);
    HandResult& r = result.hands[i];
    r.id = hand.id;
    r.right_handed = hand.result.handedness > 0.5f ? 1 : 0;
    r.handedness_score = r.right_handed ? hand.result.handedness : 1.f - hand.result.handedness;
    r.presence = hand.result.presence;
    for (int k = 0; k < kNumLandmarks; ++k) {
      r.landmarks[3 * k] = hand.result.landmarks[k].x;
      r.landmarks[3 * k + 1] = hand.result.landmarks[k].y;
      r.landmarks[3 * k + 2] = hand.result.landmarks[k].z;
    }
    r.open_ratio = effect.measures.ratio;
    r.open_score = effect.measures.open_score;
    r.state = static_cast<int>(effect.gesture.state());
    r.shield_x = effect.measures.shield_centre.x;
    r.shield_y = effect.measures.shield_centre.y;
    r.shield_diameter = effect.measures.shield_diameter;
    r.shield_opacity = effect.opacity;
    r.rotation_degrees = effect.angle_degrees;
    r.from_palm_detection = hand.from_palm ? 1 : 0;
  }
}

}  // namespace magicshield
