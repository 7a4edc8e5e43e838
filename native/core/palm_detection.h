// A palm found by the palm detector: its box and seven keypoints, in frame pixels.
#pragma once

#include <array>

#include "geometry.h"

namespace magicshield {

constexpr int kPalmKeypoints = 7;
enum PalmKeypoint : int { kPalmWrist = 0, kPalmMiddleMcp = 2 };

struct PalmDetection {
  float xmin = 0.f, ymin = 0.f, width = 0.f, height = 0.f;
  std::array<Point2, kPalmKeypoints> keypoints{};
  float score = 0.f;
};

}  // namespace magicshield
