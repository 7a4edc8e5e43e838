// Draws the effect through the pixel backend, in one order on every backend: hand lines under the shields (a
// shield fading out over a hand that now shows lines covers them), the landmark overlay over everything.
#pragma once

#include <memory>

#include "effect_state.h"
#include "magicshield/magicshield.h"
#include "pixel_backend.h"
#include "shield_sprites.h"

namespace magicshield {

// Draws every hand's effect onto the frame the backend's copy() started and finishes it; returns the number of
// shields drawn (none without sprites).
int render_effect(PixelBackend& pixels, const EffectState& effects, const EffectOptions& options,
                  const std::shared_ptr<const ShieldSprites>& sprites);

}  // namespace magicshield
