// The one-pass shield compositor on the GPU (CUDA builds only): the same plan (shield_renderer.h) and per-pixel
// maths (shield_blend.h) as the CPU kernels, one thread per pixel of the shield's square on each plane.
#pragma once

#include <memory>
#include <vector>

#include "gpu_frame.h"
#include "shield_renderer.h"
#include "shield_sprites.h"

namespace magicshield {

// Both sprites' mip levels in device memory.
class GpuSprites {
 public:
  explicit GpuSprites(const ShieldSprites& sprites);
  // The device copy of `level` of `sprite`, which must be one of the sprites this was made from.
  const PackedTexel* level(const ShieldSprites& sprites, const SpriteLevel* level) const;

 private:
  DevicePtr<PackedTexel> texels_;
  std::vector<const PackedTexel*> clockwise_, counter_clockwise_;
};

// The device copy of `sprites`: uploaded on first use, then shared by every frame pass while they are current.
std::shared_ptr<const GpuSprites> gpu_sprites(const std::shared_ptr<const ShieldSprites>& sprites);

// Enqueues the shield on `gpu`'s output planes, on its stream.
void composite_shield_gpu(GpuFrame& gpu, const ShieldSprites& sprites, const GpuSprites& device,
                          const ShieldPlacement& placement);

}  // namespace magicshield
