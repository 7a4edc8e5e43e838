// SSD anchors as MediaPipe's SsdAnchorsCalculator makes them (palm_detection_cpu.pbtxt's options).
#pragma once

#include <vector>

namespace magicshield {

struct Anchor {
  float cx, cy, w, h;  // normalised to the model input
};

struct SsdAnchorOptions {
  int input_width = 192;
  int input_height = 192;
  float min_scale = 0.1484375f;
  float max_scale = 0.75f;
  float anchor_offset_x = 0.5f;
  float anchor_offset_y = 0.5f;
  std::vector<int> strides = {8, 16, 16, 16};
  std::vector<float> aspect_ratios = {1.0f};
  float interpolated_scale_aspect_ratio = 1.0f;
  bool fixed_anchor_size = true;
};

std::vector<Anchor> generate_ssd_anchors(const SsdAnchorOptions& options);

}  // namespace magicshield
