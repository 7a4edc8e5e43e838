#include "effect_renderer.h"

namespace magicshield {

int render_effect(PixelBackend& pixels, const EffectState& effects, const EffectOptions& options,
                  const std::shared_ptr<const ShieldSprites>& sprites) {
  if (options.hand_lines) {
    for (const auto& [id, effect] : effects.hands()) {
      if (effect.seen_now && effect.gesture.state() == HandState::kLines) pixels.draw_hand_lines(effect.drawn);
    }
  }
  int shields = 0;
  for (const auto& [id, effect] : effects.hands()) {
    if (effect.opacity <= 0.f || sprites == nullptr) continue;
    pixels.draw_shield(sprites, {effect.measures.shield_centre, effect.measures.shield_diameter, effect.angle_degrees,
                                 effect.opacity});
    ++shields;
  }
  if (options.landmark_debug) {
    for (const auto& [id, effect] : effects.hands()) {
      if (effect.seen_now) pixels.draw_landmark_overlay(effect.drawn);
    }
  }
  pixels.finish();
  return shields;
}

}  // namespace magicshield
