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
  Point2 centre;              // frame pixels
  float diameter = 0.f;       // frame pixels
  float angle_degrees = 0.f;  // the clockwise ring turns by +angle, the other by -angle
  float opacity = 1.f;        // 0..1
};

void draw_shield(const I420Image& frame, const ShieldSprites& sprites, const ShieldPlacement& placement);

// Where one ring's texels land on a plane whose pixels are `scale` frame pixels wide (1 luma, 2 chroma): plane
// pixel (px, py) samples texel (origin_x + px * step_xx + py * step_yx, origin_y + px * step_xy + py * step_yy)
// of `level`, in texel-index units (the level is stored with a transparent border, see SpriteLevel).
struct PlaneMap {
  const SpriteLevel* level;
  float origin_x, origin_y;  // texel coordinate of plane pixel (0, 0)
  float step_xx, step_xy;    // per plane pixel along x
  float step_yx, step_yy;    // per plane pixel along y
};

// What draw_shield composites on one plane, worked out once for every kernel that draws it (the CPU ones here,
// the CUDA one in cuda/gpu_compositor.cu).
struct PlaneComposite {
  PlaneMap top;     // the clockwise ring, drawn over
  PlaneMap bottom;  // the counter-clockwise ring
  float cx, cy;     // the shield's centre in plane pixel indices
  // The annuli (plane pixels from the centre) outside which each ring is fully transparent.
  float top_inner, top_outer, bottom_inner, bottom_outer;
  float reach;    // the larger outer radius
  float opacity;  // 0..1
};

// The luma (chroma = false) or chroma plan of a shield; false when there is nothing to draw (too small,
// transparent), or the shield is larger or farther from the frame than 2^20 pixels (or not a number).
bool plan_shield_plane(const ShieldSprites& sprites, const ShieldPlacement& placement, bool chroma,
                       PlaneComposite* plan);

// The compositing kernels use AVX2 where the CPU has it; tests turn that off to compare with the plain kernels.
void set_vector_kernels(bool enabled);

}  // namespace magicshield
