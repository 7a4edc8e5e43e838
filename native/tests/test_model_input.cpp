// Model input (model_input.h): the letterbox for palm detection and the RGB tensor sampled straight from the
// I420 planes (BT.601 limited range, bilinear, zero or replicated border, mirroring folded into the map).
#include <algorithm>
#include <cmath>
#include <vector>

#include "i420_buffer.h"
#include "model_input.h"
#include "test_harness.h"

using namespace magicshield;

namespace {

struct Tensor {
  int w, h;
  std::vector<float> data;
  Tensor(int width, int height) : w(width), h(height), data(3 * static_cast<std::size_t>(width) * height) {}
  float at(int channel, int x, int y) const { return data[(static_cast<std::size_t>(channel) * h + y) * w + x]; }
};

Tensor sample(mstest::GuardedI420& frame, bool mirror, const RotatedRect& roi, int w, int h, Border border) {
  Tensor t(w, h);
  sample_rgb_tensor(frame.view(), mirror, roi, w, h, border, TensorLayout::kNchw, t.data.data());
  return t;
}

// Largest |tensor - expected RGB| over the whole tensor.
double max_error(const Tensor& t, float r, float g, float b) {
  double worst = 0;
  for (int y = 0; y < t.h; ++y)
    for (int x = 0; x < t.w; ++x) {
      worst = std::max({worst, static_cast<double>(std::fabs(t.at(0, x, y) - r)),
                        static_cast<double>(std::fabs(t.at(1, x, y) - g)),
                        static_cast<double>(std::fabs(t.at(2, x, y) - b))});
    }
  return worst;
}

}  // namespace

TEST(model_input, letterbox_of_landscape_and_portrait_frames) {
  const Letterbox l = letterbox_for(640, 480);
  CHECK_NEAR(l.roi.cx, 320, 1e-4);
  CHECK_NEAR(l.roi.cy, 240, 1e-4);
  CHECK_NEAR(l.roi.width, 640, 1e-4);
  CHECK_NEAR(l.roi.height, 640, 1e-4);
  CHECK_NEAR(l.roi.rotation, 0, 0);
  CHECK_NEAR(l.pad_x, 0, 1e-6);
  CHECK_NEAR(l.pad_y, 0.125, 1e-6);
  const Letterbox p = letterbox_for(480, 640);
  CHECK_NEAR(p.roi.width, 640, 1e-4);
  CHECK_NEAR(p.pad_x, 0.125, 1e-6);
  CHECK_NEAR(p.pad_y, 0, 1e-6);
  const Letterbox s = letterbox_for(101, 101);
  CHECK_NEAR(s.pad_x, 0, 1e-6);
  CHECK_NEAR(s.pad_y, 0, 1e-6);
  CHECK_NEAR(s.roi.cx, 50.5, 1e-5);
}

TEST(model_input, uniform_frames_sample_to_their_bt601_limited_range_colour) {
  mstest::GuardedI420 frame(64, 48);
  const RotatedRect inside{32, 24, 40, 30, 0.3f};
  // Limited range: Y 16 is black, Y 235 white; neutral chroma is 128.
  frame.fill(16, 128, 128);
  CHECK_NEAR(max_error(sample(frame, false, inside, 20, 15, Border::kZero), 0, 0, 0), 0, 1e-6);
  frame.fill(235, 128, 128);
  CHECK_NEAR(max_error(sample(frame, false, inside, 20, 15, Border::kZero), 1, 1, 1), 0, 2e-3);
  frame.fill(126, 128, 128);  // mid grey: (126 - 16) * 255 / 219 = 128.08
  CHECK_NEAR(
      max_error(sample(frame, false, inside, 20, 15, Border::kZero), 128.08f / 255, 128.08f / 255, 128.08f / 255), 0,
      2e-3);
  // A saturated orange goes through rgb_to_yuv and back (channel order R, G, B in the tensor).
  const Yuv orange = rgb_to_yuv(255, 160, 40);
  frame.fill(orange.y, orange.u, orange.v);
  CHECK_NEAR(max_error(sample(frame, false, inside, 20, 15, Border::kZero), 1.f, 160.f / 255, 40.f / 255), 0,
             3.f / 255);
  const Yuv blue = rgb_to_yuv(30, 60, 220);
  frame.fill(blue.y, blue.u, blue.v);
  CHECK_NEAR(max_error(sample(frame, true, inside, 20, 15, Border::kReplicate), 30.f / 255, 60.f / 255, 220.f / 255), 0,
             3.f / 255);
}

TEST(model_input, palm_letterbox_pads_with_black_rows) {
  // 640x480 in a 640 square: 0.125 * 192 = 24 tensor rows of padding at the top and the bottom.
  mstest::GuardedI420 frame(640, 480);
  frame.fill(235, 128, 128);
  const Letterbox box = letterbox_for(640, 480);
  const Tensor t = sample(frame, false, box.roi, 192, 192, Border::kZero);
  int bad_padding = 0, bad_image = 0;
  for (int y = 0; y < 192; ++y)
    for (int x = 0; x < 192; ++x)
      for (int c = 0; c < 3; ++c) {
        const bool padding = y < 24 || y >= 168;
        if (padding && t.at(c, x, y) != 0.f) ++bad_padding;
        if (!padding && std::fabs(t.at(c, x, y) - 1.f) > 2e-3f) ++bad_image;
      }
  CHECK_EQ(bad_padding, 0);
  CHECK_EQ(bad_image, 0);
  // The same crop with a replicated border has no black rows: the zero border is what makes them.
  const Tensor r = sample(frame, false, box.roi, 192, 192, Border::kReplicate);
  CHECK_NEAR(r.at(0, 96, 0), 1.0, 2e-3);
}

TEST(model_input, portrait_letterbox_pads_with_black_columns) {
  mstest::GuardedI420 frame(240, 320);
  frame.fill(235, 128, 128);
  const Tensor t = sample(frame, true, letterbox_for(240, 320).roi, 192, 192, Border::kZero);
  // (320 - 240) / 2 / 320 * 192 = 24 columns on each side.
  CHECK_EQ(t.at(1, 23, 100), 0.f);
  CHECK_EQ(t.at(1, 168, 100), 0.f);
  CHECK_NEAR(t.at(1, 24, 100), 1.0, 2e-3);
  CHECK_NEAR(t.at(1, 167, 100), 1.0, 2e-3);
}

TEST(model_input, landmark_crops_replicate_the_edge_palm_crops_pad_with_black) {
  // Column 0 is bright (Y 200), the rest dark (Y 100). A 20x20 ROI centred on the left edge, one tensor pixel per
  // frame pixel: tensor column tx samples frame x = tx - 10 + 0.5.
  mstest::GuardedI420 frame(48, 48);
  frame.fill(100, 128, 128);
  for (int y = 0; y < 48; ++y) frame.Y(0, y) = 200;
  const float edge = (200 - 16) * YuvToRgb::kY / 255.f;
  const float inner = (100 - 16) * YuvToRgb::kY / 255.f;
  const RotatedRect roi{0, 24, 20, 20, 0};
  const Tensor rep = sample(frame, false, roi, 20, 20, Border::kReplicate);
  const Tensor zero = sample(frame, false, roi, 20, 20, Border::kZero);
  for (int tx = 0; tx < 20; ++tx) {
    CONTEXT("tensor column " << tx);
    CHECK_NEAR(rep.at(0, tx, 10), tx <= 10 ? edge : inner, 1e-5);
    CHECK_NEAR(zero.at(0, tx, 10), tx < 10 ? 0.f : (tx == 10 ? edge : inner), 1e-5);
  }
}

TEST(model_input, mirroring_reverses_a_left_right_ramp) {
  // Y = 16 + x and U a ramp too; the ROI covers the frame one tensor pixel per frame pixel.
  mstest::GuardedI420 frame(200, 100);
  for (int y = 0; y < 100; ++y)
    for (int x = 0; x < 200; ++x) frame.Y(x, y) = static_cast<std::uint8_t>(16 + x);
  for (int y = 0; y < 50; ++y)
    for (int x = 0; x < 100; ++x) {
      frame.U(x, y) = static_cast<std::uint8_t>(78 + x);
      frame.V(x, y) = 128;
    }
  const RotatedRect whole{100, 50, 200, 100, 0};
  const Tensor plain = sample(frame, false, whole, 200, 100, Border::kReplicate);
  const Tensor mirrored = sample(frame, true, whole, 200, 100, Border::kReplicate);
  int bad_luma = 0, bad_symmetry = 0;
  for (int y = 0; y < 100; y += 7) {
    for (int x = 0; x < 200; ++x) {
      // Red depends on Y and V only (V is neutral here): it is the luma ramp.
      if (std::fabs(plain.at(0, x, y) - x * YuvToRgb::kY / 255.f) > 1e-4f) ++bad_luma;
      if (std::fabs(mirrored.at(0, x, y) - (199 - x) * YuvToRgb::kY / 255.f) > 1e-4f) ++bad_luma;
      // Every channel of the mirrored tensor is the plain one read right to left.
      for (int c = 0; c < 3; ++c)
        if (std::fabs(mirrored.at(c, x, y) - plain.at(c, 199 - x, y)) > 1e-5f) ++bad_symmetry;
    }
  }
  CHECK_EQ(bad_luma, 0);
  CHECK_EQ(bad_symmetry, 0);
  // And the U ramp really shows (so the symmetry check covered chroma): B - R = 2.0172 (U - 128) / 255 rises.
  CHECK(plain.at(2, 150, 50) - plain.at(0, 150, 50) > plain.at(2, 50, 50) - plain.at(0, 50, 50) + 0.3f);
}

// TFLite's inputs are written in place, interleaved: the same values as the planes, bit for bit, for every size the
// vector loop and its tail meet (a tensor side that is no multiple of 8), rotated and mirrored, on varied pixels; and
// nothing is written past the tensor.
TEST(model_input, interleaved_tensors_hold_the_planes_values) {
  mstest::GuardedI420 frame(97, 61);
  for (int y = 0; y < 61; ++y)
    for (int x = 0; x < 97; ++x) frame.Y(x, y) = static_cast<std::uint8_t>((x * 37 + y * 11) % 256);
  for (int y = 0; y < 31; ++y)
    for (int x = 0; x < 49; ++x) {
      frame.U(x, y) = static_cast<std::uint8_t>((x * 13 + y * 29) % 256);
      frame.V(x, y) = static_cast<std::uint8_t>((x * 7 + y * 53 + 100) % 256);
    }
  const RotatedRect roi{40.f, 30.f, 70.f, 50.f, 0.7f};
  for (const int side : {8, 13, 192}) {
    for (const bool mirror : {false, true}) {
      CONTEXT(side << " px, mirror " << mirror);
      const Tensor planes = sample(frame, mirror, roi, side, side, Border::kZero);
      const std::size_t values = 3 * static_cast<std::size_t>(side) * side;
      constexpr float kGuard = -7.f;
      std::vector<float> nhwc(values + 8, kGuard);
      sample_rgb_tensor(frame.view(), mirror, roi, side, side, Border::kZero, TensorLayout::kNhwc, nhwc.data());
      int mismatches = 0;
      for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x)
          for (int c = 0; c < 3; ++c)
            if (nhwc[(static_cast<std::size_t>(y) * side + x) * 3 + c] != planes.at(c, x, y)) ++mismatches;
      CHECK_EQ(mismatches, 0);
      CHECK(std::all_of(nhwc.begin() + values, nhwc.end(), [](float v) { return v == kGuard; }));
      // The varied frame gives varied colours: the comparison is not one of constant tensors.
      CHECK(std::fabs(planes.at(0, side / 2, side / 2) - planes.at(2, side / 2, side / 2)) > 1e-3f ||
            std::fabs(planes.at(0, 0, side - 1) - planes.at(0, side - 1, 0)) > 1e-3f);
      // nchw_to_nhwc (the CUDA backend's and the tests' way to a TFLite input) agrees with them too.
      std::vector<float> converted(values);
      nchw_to_nhwc(planes.data.data(), side * side, converted.data());
      CHECK(std::equal(converted.begin(), converted.end(), nhwc.begin()));
    }
  }
}
