// I420 basics (i420.h): the BT.601 limited-range constants and the (mirroring) plane copy the frame pass starts with.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "geometry.h"
#include "i420.h"
#include "i420_buffer.h"
#include "test_harness.h"

using namespace magicshield;
using mstest::GuardedI420;

TEST(i420, rgb_to_yuv_known_values) {
  const Yuv black = rgb_to_yuv(0, 0, 0), white = rgb_to_yuv(255, 255, 255);
  CHECK_EQ(black.y, 16);
  CHECK_EQ(black.u, 128);
  CHECK_EQ(black.v, 128);
  CHECK_EQ(white.y, 235);
  CHECK_EQ(white.u, 128);
  CHECK_EQ(white.v, 128);
  const Yuv red = rgb_to_yuv(255, 0, 0), blue = rgb_to_yuv(0, 0, 255);
  CHECK_EQ(red.y, 81);   // BT.601: 16 + 219 * 0.299 = 81.5 (81.48)
  CHECK_EQ(red.v, 240);  // 128 + 112
  CHECK_EQ(blue.u, 240);
  // Out of range input is clamped, not wrapped.
  CHECK_EQ(rgb_to_yuv(1000, 1000, 1000).y, 255);
  CHECK_EQ(rgb_to_yuv(-50, -50, -50).y, 0);
}

TEST(i420, yuv_to_rgb_constants_invert_rgb_to_yuv) {
  int worst = 0;
  for (int r = 0; r < 256; r += 15)
    for (int g = 0; g < 256; g += 15)
      for (int b = 0; b < 256; b += 15) {
        const Yuv c = rgb_to_yuv(r, g, b);
        const float l = (c.y - 16.f) * YuvToRgb::kY, u = c.u - 128.f, v = c.v - 128.f;
        const int rr = static_cast<int>(l + YuvToRgb::kRv * v + 0.5f);
        const int gg = static_cast<int>(l + YuvToRgb::kGu * u + YuvToRgb::kGv * v + 0.5f);
        const int bb = static_cast<int>(l + YuvToRgb::kBu * u + 0.5f);
        worst = std::max({worst, std::abs(rr - r), std::abs(gg - g), std::abs(bb - b)});
      }
  CHECK(worst <= 2);  // 8-bit rounding of Y, U and V
}

TEST(i420, copy_keeps_or_mirrors_every_plane_and_respects_strides) {
  for (int w : {64, 101, 2, 3, 640, 333}) {  // vector blocks with and without a tail, and rows shorter than one
    for (bool mirror : {false, true}) {
      CONTEXT(w << " wide, mirror " << mirror);
      const int h = 7;
      GuardedI420 in(w, h), out(w, h);
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) in.Y(x, y) = static_cast<std::uint8_t>(x * 3 + y);
      for (int y = 0; y < in.chroma_height(); ++y)
        for (int x = 0; x < in.chroma_width(); ++x) {
          in.U(x, y) = static_cast<std::uint8_t>(x * 5 + y);
          in.V(x, y) = static_cast<std::uint8_t>(200 - x - y);
        }
      copy_i420(in.view(), out.image(), mirror);
      int bad = 0;
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) bad += out.Y(x, y) != in.Y(mirror ? w - 1 - x : x, y);
      const int cw = in.chroma_width();
      for (int y = 0; y < in.chroma_height(); ++y)
        for (int x = 0; x < cw; ++x) {
          bad += out.U(x, y) != in.U(mirror ? cw - 1 - x : x, y);
          bad += out.V(x, y) != in.V(mirror ? cw - 1 - x : x, y);
        }
      CHECK_EQ(bad, 0);
      CHECK_EQ(out.guard_damage(), std::string());
      CHECK_EQ(in.guard_damage(), std::string());
    }
  }
}

TEST(i420, normalize_radians_wraps_into_minus_pi_to_pi) {
  CHECK_NEAR(normalize_radians(0.f), 0.0, 1e-6);
  CHECK_NEAR(normalize_radians(kPi), -kPi, 1e-5);  // [-pi, pi): pi itself becomes -pi
  CHECK_NEAR(normalize_radians(-kPi), -kPi, 1e-5);
  CHECK_NEAR(normalize_radians(1.5f * kPi), -0.5f * kPi, 1e-5);
  CHECK_NEAR(normalize_radians(-1.5f * kPi), 0.5f * kPi, 1e-5);
  CHECK_NEAR(normalize_radians(7.f * kPi + 0.25f), -kPi + 0.25f, 1e-4);
  for (float a = -20.f; a < 20.f; a += 0.37f) {
    const float n = normalize_radians(a);
    CHECK(n >= -kPi && n < kPi);
    CHECK_NEAR(std::remainder(n - a, 2.0 * kPi), 0.0, 1e-4);
  }
}
