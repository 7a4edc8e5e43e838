#include "gpu_compositor.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>

#include "shield_blend.h"

namespace magicshield {
namespace {

// One ring on one plane, as the kernel needs it: PlaneMap with the level's device texels and squared annulus radii.
struct RingOnPlane {
  const PackedTexel* texels;
  int stride;
  float size;
  float origin_x, origin_y, step_xx, step_xy, step_yx, step_yy;
  float inner2, outer2;
};

struct CompositeOnPlane {
  RingOnPlane top, bottom;
  float cx, cy, opacity;
  int x_begin, y_begin, x_end, y_end;  // inclusive: the pixels either ring can reach
};

RingOnPlane ring_on_plane(const PlaneMap& m, const PackedTexel* texels, float inner, float outer) {
  return {texels,        m.level->stride(), static_cast<float>(m.level->size),
          m.origin_x,    m.origin_y,        m.step_xx,
          m.step_xy,     m.step_yx,         m.step_yy,
          inner * inner, outer * outer};
}

// As the CPU kernels, a ring is sampled only inside its annulus; outside it its texels are transparent anyway.
__device__ bool covers(const RingOnPlane& r, float d2) { return d2 >= r.inner2 && d2 <= r.outer2; }

__device__ Taps ring_taps(const RingOnPlane& r, float fx, float fy) {
  // The CPU kernels' order of operations: the row's start, then along the row.
  return texel_taps(r.texels, r.stride, r.size, (r.origin_x + fy * r.step_yx) + fx * r.step_xx,
                    (r.origin_y + fy * r.step_yy) + fx * r.step_xy);
}

// Luma (kChroma false: `a` is the Y plane) or chroma (`a` U, `b` V); planes packed, `pitch` bytes a row.
template <bool kChroma>
__global__ void composite(std::uint8_t* a, std::uint8_t* b, int pitch, CompositeOnPlane c) {
  const int x = c.x_begin + static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  const int y = c.y_begin + static_cast<int>(blockIdx.y * blockDim.y + threadIdx.y);
  if (x > c.x_end || y > c.y_end) return;
  const float fx = static_cast<float>(x);
  const float fy = static_cast<float>(y);
  const float d2 = (fx - c.cx) * (fx - c.cx) + (fy - c.cy) * (fy - c.cy);
  const bool with_top = covers(c.top, d2);
  const bool with_bottom = covers(c.bottom, d2);
  if (!with_top && !with_bottom) return;
  const std::size_t i = static_cast<std::size_t>(y) * pitch + x;
  if constexpr (kChroma) {
    ChromaSample top, bottom;
    if (with_top) top = chroma_sample(ring_taps(c.top, fx, fy));
    if (with_bottom) bottom = chroma_sample(ring_taps(c.bottom, fx, fy));
    blend_chroma(a + i, b + i, top, bottom, c.opacity);
  } else {
    LumaSample top, bottom;
    if (with_top) top = luma_sample(ring_taps(c.top, fx, fy));
    if (with_bottom) bottom = luma_sample(ring_taps(c.bottom, fx, fy));
    a[i] = blend_luma(a[i], top, bottom, c.opacity);
  }
}

template <bool kChroma>
void launch(GpuFrame& gpu, const ShieldSprites& sprites, const GpuSprites& device, const PlaneComposite& plan) {
  const PackedPlane plane = packed_plane(gpu.width(), gpu.height(), kChroma ? 1 : 0);
  CompositeOnPlane c;
  c.top = ring_on_plane(plan.top, device.level(sprites, plan.top.level), plan.top_inner, plan.top_outer);
  c.bottom = ring_on_plane(plan.bottom, device.level(sprites, plan.bottom.level), plan.bottom_inner, plan.bottom_outer);
  c.cx = plan.cx;
  c.cy = plan.cy;
  c.opacity = plan.opacity;
  c.x_begin = std::max(0, static_cast<int>(std::ceil(plan.cx - plan.reach)));
  c.x_end = std::min(plane.width - 1, static_cast<int>(std::floor(plan.cx + plan.reach)));
  c.y_begin = std::max(0, static_cast<int>(std::ceil(plan.cy - plan.reach)));
  c.y_end = std::min(plane.height - 1, static_cast<int>(std::floor(plan.cy + plan.reach)));
  if (c.x_begin > c.x_end || c.y_begin > c.y_end) return;
  const dim3 block(32, 8);
  const dim3 grid((c.x_end - c.x_begin + block.x) / block.x, (c.y_end - c.y_begin + block.y) / block.y);
  composite<kChroma><<<grid, block, 0, gpu.stream()>>>(gpu.output(kChroma ? 1 : 0), kChroma ? gpu.output(2) : nullptr,
                                                       plane.width, c);
  cuda_check(cudaGetLastError(), "composite");
}

}  // namespace

GpuSprites::GpuSprites(const ShieldSprites& sprites) {
  std::size_t total = 0;
  for (const Sprite* sprite : {&sprites.clockwise, &sprites.counter_clockwise}) {
    for (const SpriteLevel& level : sprite->levels) total += level.texels.size();
  }
  void* p = nullptr;
  cuda_check(cudaMalloc(&p, total * sizeof(PackedTexel)), "cudaMalloc (sprites)");
  texels_.reset(static_cast<PackedTexel*>(p));
  PackedTexel* next = texels_.get();
  for (const Sprite* sprite : {&sprites.clockwise, &sprites.counter_clockwise}) {
    std::vector<const PackedTexel*>& levels = sprite == &sprites.clockwise ? clockwise_ : counter_clockwise_;
    for (const SpriteLevel& level : sprite->levels) {
      const std::size_t bytes = level.texels.size() * sizeof(PackedTexel);
      cuda_check(cudaMemcpy(next, level.texels.data(), bytes, cudaMemcpyHostToDevice), "cudaMemcpy (sprites)");
      levels.push_back(next);
      next += level.texels.size();
    }
  }
}

const PackedTexel* GpuSprites::level(const ShieldSprites& sprites, const SpriteLevel* level) const {
  for (const Sprite* sprite : {&sprites.clockwise, &sprites.counter_clockwise}) {
    const std::vector<SpriteLevel>& levels = sprite->levels;
    if (level >= levels.data() && level < levels.data() + levels.size()) {
      const auto& copies = sprite == &sprites.clockwise ? clockwise_ : counter_clockwise_;
      return copies[static_cast<std::size_t>(level - levels.data())];
    }
  }
  throw std::logic_error("sprite level is not one of these sprites'");
}

std::shared_ptr<const GpuSprites> gpu_sprites(const std::shared_ptr<const ShieldSprites>& sprites) {
  static std::mutex mutex;
  static std::weak_ptr<const ShieldSprites> uploaded_from;
  static std::shared_ptr<const GpuSprites> uploaded;
  std::lock_guard<std::mutex> lock(mutex);
  const bool same =
      !uploaded_from.expired() && !uploaded_from.owner_before(sprites) && !sprites.owner_before(uploaded_from);
  if (!same) {
    uploaded = std::make_shared<const GpuSprites>(*sprites);
    uploaded_from = sprites;
  }
  return uploaded;
}

void composite_shield_gpu(GpuFrame& gpu, const ShieldSprites& sprites, const GpuSprites& device,
                          const ShieldPlacement& placement) {
  PlaneComposite luma, chroma;
  if (!plan_shield_plane(sprites, placement, false, &luma) || !plan_shield_plane(sprites, placement, true, &chroma)) {
    return;
  }
  launch<false>(gpu, sprites, device, luma);
  launch<true>(gpu, sprites, device, chroma);
}

}  // namespace magicshield
