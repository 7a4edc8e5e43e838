// Landmark projection (hand_landmarker.h project_landmarks): crop pixels of the 224x224 landmark input back to
// frame pixels through the rotated ROI (MediaPipe's LandmarkProjectionCalculator), z normalised / 224 / 0.4 and
// scaled by the ROI width. Also checked against the crop itself (model_input.h): a dot in the frame, found in
// the crop and projected back, must land where it was; this ties the sampler's and the projection's
// conventions together (rotation sign, pixel centres, mirroring).
#include <cmath>
#include <vector>

#include "hand_landmarker.h"
#include "i420_buffer.h"
#include "model_input.h"
#include "test_harness.h"

using namespace magicshield;

namespace {

Landmark project_one(float x, float y, float z, const RotatedRect& roi) {
  float crop[kNumLandmarks * 3] = {};
  crop[0] = x;
  crop[1] = y;
  crop[2] = z;
  return project_landmarks(crop, roi)[0];
}

}  // namespace

TEST(landmark_projection, crop_centre_maps_to_roi_centre) {
  for (float rot : {0.f, 0.4f, -2.f}) {
    const Landmark l = project_one(112, 112, 0, {300, 200, 100, 100, rot});
    CHECK_NEAR(l.x, 300, 1e-3);
    CHECK_NEAR(l.y, 200, 1e-3);
  }
}

TEST(landmark_projection, crop_corners_map_to_roi_corners) {
  const RotatedRect upright{300, 200, 100, 100, 0};
  Landmark l = project_one(0, 0, 0, upright);
  CHECK_NEAR(l.x, 250, 1e-3);
  CHECK_NEAR(l.y, 150, 1e-3);
  l = project_one(224, 224, 0, upright);
  CHECK_NEAR(l.x, 350, 1e-3);
  CHECK_NEAR(l.y, 250, 1e-3);

  // Turned clockwise by 90 degrees: the crop's top-left corner is the ROI's top-right in the frame, the crop's
  // top-right corner is the frame's bottom-right.
  const RotatedRect turned{300, 200, 100, 100, 0.5f * kPi};
  l = project_one(0, 0, 0, turned);
  CHECK_NEAR(l.x, 350, 1e-3);
  CHECK_NEAR(l.y, 150, 1e-3);
  l = project_one(224, 0, 0, turned);
  CHECK_NEAR(l.x, 350, 1e-3);
  CHECK_NEAR(l.y, 250, 1e-3);
}

TEST(landmark_projection, non_square_roi_scales_x_by_width_and_y_by_height) {
  const Landmark l = project_one(224, 224, 0, {300, 200, 200, 100, 0});
  CHECK_NEAR(l.x, 400, 1e-3);
  CHECK_NEAR(l.y, 250, 1e-3);
}

TEST(landmark_projection, z_is_scaled_by_roi_width) {
  CHECK_NEAR(project_one(112, 112, 22.4f, {300, 200, 100, 100, 0}).z, 22.4 / 224 / 0.4 * 100, 1e-4);
  CHECK_NEAR(project_one(112, 112, -22.4f, {300, 200, 200, 200, 1.f}).z, -22.4 / 224 / 0.4 * 200, 1e-4);
}

TEST(landmark_projection, all_21_landmarks_are_projected) {
  float crop[kNumLandmarks * 3];
  for (int i = 0; i < kNumLandmarks; ++i) {
    crop[3 * i] = 10.f * i;
    crop[3 * i + 1] = 5.f * i;
    crop[3 * i + 2] = 0.f;
  }
  const Landmarks out = project_landmarks(crop, {0, 0, 224, 224, 0});
  for (int i = 0; i < kNumLandmarks; ++i) {
    CONTEXT("landmark " << i);
    CHECK_NEAR(out[i].x, 10.f * i - 112.f, 1e-3);
    CHECK_NEAR(out[i].y, 5.f * i - 112.f, 1e-3);
  }
}

// A single white pixel on black, sampled bilinearly, is a symmetric tent in the crop: its centroid is the
// pixel's centre. Projected back it must land on the pixel centre in the (mirrored, if mirroring) frame.
TEST(landmark_projection, dot_found_in_the_crop_projects_back_onto_itself) {
  const int w = 320, h = 240;
  const int px = 171, py = 97;  // the dot, in input pixels
  mstest::GuardedI420 frame(w, h);
  frame.fill(16, 128, 128);
  frame.Y(px, py) = 235;
  std::vector<float> crop(3 * 224 * 224);
  for (bool mirror : {false, true}) {
    const float dot_x = mirror ? static_cast<float>(w - px) - 0.5f : px + 0.5f;
    const float dot_y = py + 0.5f;
    for (float deg : {0.f, 30.f, 90.f, -135.f}) {
      CONTEXT("mirror " << mirror << ", ROI turned " << deg << " degrees");
      const RotatedRect roi{dot_x - 7.f, dot_y + 11.f, 80.f, 80.f, deg * kPi / 180.f};
      sample_rgb_tensor(frame.view(), mirror, roi, 224, 224, Border::kReplicate, TensorLayout::kNchw, crop.data());
      double sum = 0, sx = 0, sy = 0;
      for (int y = 0; y < 224; ++y)
        for (int x = 0; x < 224; ++x) {
          const float g = crop[224 * 224 + y * 224 + x];  // green: luma only, chroma is neutral
          sum += g;
          sx += g * (x + 0.5);
          sy += g * (y + 0.5);
        }
      REQUIRE(sum > 0);
      const Landmark l = project_one(static_cast<float>(sx / sum), static_cast<float>(sy / sum), 0, roi);
      CHECK_NEAR(l.x, dot_x, 0.05);
      CHECK_NEAR(l.y, dot_y, 0.05);
    }
  }
}
