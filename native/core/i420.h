// Views of I420 frames (three planes with strides) and the colour constants of BT.601 limited range,
// which is what WebRTC's I420 frames carry.
#pragma once

#include <cstdint>

#include "host_device.h"

namespace magicshield {

struct I420View {
  const std::uint8_t* y;
  int stride_y;
  const std::uint8_t* u;
  int stride_u;
  const std::uint8_t* v;
  int stride_v;
  int width;
  int height;
  int chroma_width() const { return (width + 1) / 2; }
  int chroma_height() const { return (height + 1) / 2; }
};

struct I420Image {
  std::uint8_t* y;
  int stride_y;
  std::uint8_t* u;
  int stride_u;
  std::uint8_t* v;
  int stride_v;
  int width;
  int height;
  int chroma_width() const { return (width + 1) / 2; }
  int chroma_height() const { return (height + 1) / 2; }
  I420View view() const { return {y, stride_y, u, stride_u, v, stride_v, width, height}; }
};

struct Yuv {
  std::uint8_t y, u, v;
};

// BT.601 limited range, the matrix libyuv and browsers use for I420.
inline Yuv rgb_to_yuv(float r, float g, float b) {
  auto clamp8 = [](float x) { return static_cast<std::uint8_t>(x < 0.f ? 0.f : (x > 255.f ? 255.f : x + 0.5f)); };
  return {clamp8(16.f + 0.2568f * r + 0.5041f * g + 0.0979f * b),
          clamp8(128.f - 0.1482f * r - 0.2910f * g + 0.4392f * b),
          clamp8(128.f + 0.4392f * r - 0.3678f * g - 0.0714f * b)};
}

// The inverse, unclamped: callers clamp once after interpolation.
struct YuvToRgb {
  static constexpr float kY = 1.1644f;
  static constexpr float kRv = 1.5960f;
  static constexpr float kGu = -0.3918f;
  static constexpr float kGv = -0.8130f;
  static constexpr float kBu = 2.0172f;
};

// One pixel to RGB in [0, 1] (model input), shared by the CPU path and the CUDA kernel.
struct Rgb01 {
  float r, g, b;
};
MAGICSHIELD_HOST_DEVICE inline float unit_from_255(float x) {
  return (x < 0.f ? 0.f : (x > 255.f ? 255.f : x)) / 255.f;
}
MAGICSHIELD_HOST_DEVICE inline Rgb01 yuv_to_rgb01(float y, float u, float v) {
  const float luma = (y - 16.f) * YuvToRgb::kY;
  const float cu = u - 128.f;
  const float cv = v - 128.f;
  return {unit_from_255(luma + YuvToRgb::kRv * cv), unit_from_255(luma + YuvToRgb::kGu * cu + YuvToRgb::kGv * cv),
          unit_from_255(luma + YuvToRgb::kBu * cu)};
}

// Copies the input into the output, mirrored left-right when asked (selfie view).
void copy_i420(const I420View& in, const I420Image& out, bool mirror);

}  // namespace magicshield
