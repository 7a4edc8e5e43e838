// Composites the shield onto an I420 frame in place, in one pass over the pixels the rings can cover (for each
// ring, the annulus that holds its visible texels): for each luma pixel (and each chroma pixel, at half
// resolution) the rings are sampled bilinearly at their own rotation, layered, and blended over the frame with
// true alpha. Pixels outside the frame are clipped, never squashed; pixels the sprites leave transparent keep
// their exact value.
#pragma once

#include "geometry.h"
#include "i420.h"
#include "shield_sprites.h"

namespace magicshield {

struct ShieldPlacement {
  Point2 centre;           // frame pixels
  float diameter = 0.f;    // frame pixels
  float angle_degrees = 0.f;  // the clockwise ring turns by +angle, the other by -angle
  float opacity = 1.f;     // 0..1
};

void draw_shield(const I420Image& frame, const ShieldSprites& sprites, const ShieldPlacement& placement);

// The compositing kernels use AVX2 where the CPU has it; tests turn that off to compare with the plain kernels.
void set_vector_kernels(bool enabled);

}  // namespace magicshield
