// The compositor's per-pixel maths, shared by the plain CPU kernels (shield_renderer.cpp) and the CUDA kernel
// (cuda/gpu_compositor.cu): bilinear taps of packed premultiplied texels, the clockwise ring layered over the
// counter-clockwise one, and the blend over the frame's value.
#pragma once

#include <cmath>
#include <cstdint>

#include "host_device.h"
#include "shield_sprites.h"

namespace magicshield {

MAGICSHIELD_HOST_DEVICE inline float clamp_float(float v, float lo, float hi) {
  return v < lo ? lo : (v > hi ? hi : v);
}

MAGICSHIELD_HOST_DEVICE inline std::uint8_t to_byte(float v) {
  return static_cast<std::uint8_t>(clamp_float(v, 0.f, 255.f) + 0.5f);
}

MAGICSHIELD_HOST_DEVICE inline float texel_channel(PackedTexel t, int shift) {
  return static_cast<float>((t >> shift) & 0xffu);
}

// The four taps around a texel coordinate and their bilinear weights.
struct Taps {
  PackedTexel t00, t01, t10, t11;
  float wx, wy;
  MAGICSHIELD_HOST_DEVICE float at(int shift) const {
    const float top = texel_channel(t00, shift) + wx * (texel_channel(t01, shift) - texel_channel(t00, shift));
    const float bottom = texel_channel(t10, shift) + wx * (texel_channel(t11, shift) - texel_channel(t10, shift));
    return top + wy * (bottom - top);
  }
};

// `texels` is a level's first stored texel (its border's corner), `stride` its stored texels per row. The
// coordinate is clamped to [-1, size], where all four taps are inside the level's transparent border.
MAGICSHIELD_HOST_DEVICE inline Taps texel_taps(const PackedTexel* texels, int stride, float size, float x, float y) {
  x = clamp_float(x, -1.f, size);
  y = clamp_float(y, -1.f, size);
  const float fx0 = floorf(x);
  const float fy0 = floorf(y);
  const int i = (static_cast<int>(fy0) + 1) * stride + static_cast<int>(fx0) + 1;
  return {texels[i], texels[i + 1], texels[i + stride], texels[i + stride + 1], x - fx0, y - fy0};
}

// One ring sampled at a pixel, premultiplied; chroma centred on zero. A ring not sampled is all zeros, which is
// what its transparent texels give.
struct LumaSample {
  float alpha = 0.f;
  float luma = 0.f;
};
struct ChromaSample {
  float alpha = 0.f;
  float u = 0.f;
  float v = 0.f;
};

MAGICSHIELD_HOST_DEVICE inline LumaSample luma_sample(const Taps& t) { return {t.at(0), t.at(8)}; }
MAGICSHIELD_HOST_DEVICE inline ChromaSample chroma_sample(const Taps& t) {
  return {t.at(0), t.at(16) - 128.f, t.at(24) - 128.f};
}

// The top ring over the bottom one, faded by `opacity`, over the frame's value. Where both rings are transparent
// the result is exactly the frame's value.
MAGICSHIELD_HOST_DEVICE inline std::uint8_t blend_luma(std::uint8_t frame, LumaSample top, LumaSample bottom,
                                                       float opacity) {
  const float through = 1.f - top.alpha * (1.f / 255.f);
  const float alpha = (top.alpha + bottom.alpha * through) * opacity;
  const float luma = (top.luma + bottom.luma * through) * opacity;
  return to_byte(luma + static_cast<float>(frame) * (1.f - alpha * (1.f / 255.f)));
}

MAGICSHIELD_HOST_DEVICE inline void blend_chroma(std::uint8_t* u, std::uint8_t* v, ChromaSample top,
                                                 ChromaSample bottom, float opacity) {
  const float through = 1.f - top.alpha * (1.f / 255.f);
  const float keep = 1.f - (top.alpha + bottom.alpha * through) * opacity * (1.f / 255.f);
  const float cu = (top.u + bottom.u * through) * opacity;
  const float cv = (top.v + bottom.v * through) * opacity;
  *u = to_byte(128.f + cu + (static_cast<float>(*u) - 128.f) * keep);
  *v = to_byte(128.f + cv + (static_cast<float>(*v) - 128.f) * keep);
}

}  // namespace magicshield
