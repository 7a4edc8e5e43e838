#include "ssd_anchors.h"

#include <cmath>
#include <stdexcept>

namespace magicshield {
namespace {

float anchor_scale(float min_scale, float max_scale, int index, int count) {
  if (count == 1) return 0.5f * (min_scale + max_scale);
  return min_scale + (max_scale - min_scale) * static_cast<float>(index) / static_cast<float>(count - 1);
}

}  // namespace

std::vector<Anchor> generate_ssd_anchors(const SsdAnchorOptions& o) {
  if (o.strides.empty() || o.aspect_ratios.empty())
    throw std::invalid_argument("SSD anchors need strides and aspect ratios");
  const int layers = static_cast<int>(o.strides.size());
  std::vector<Anchor> anchors;
  // Consecutive layers with the same stride share one feature map; their anchors are emitted together per cell.
  for (int layer = 0; layer < layers;) {
    std::vector<float> widths;
    std::vector<float> heights;
    int last = layer;
    for (; last < layers && o.strides[last] == o.strides[layer]; ++last) {
      const float scale = anchor_scale(o.min_scale, o.max_scale, last, layers);
      for (float ratio : o.aspect_ratios) {
        const float root = std::sqrt(ratio);
        widths.push_back(scale * root);
        heights.push_back(scale / root);
      }
      if (o.interpolated_scale_aspect_ratio > 0.f) {
        const float next = last == layers - 1 ? 1.0f : anchor_scale(o.min_scale, o.max_scale, last + 1, layers);
        const float root = std::sqrt(o.interpolated_scale_aspect_ratio);
        widths.push_back(std::sqrt(scale * next) * root);
        heights.push_back(std::sqrt(scale * next) / root);
      }
    }
    const int stride = o.strides[layer];
    const int rows = static_cast<int>(std::ceil(static_cast<float>(o.input_height) / static_cast<float>(stride)));
    const int cols = static_cast<int>(std::ceil(static_cast<float>(o.input_width) / static_cast<float>(stride)));
    for (int y = 0; y < rows; ++y) {
      for (int x = 0; x < cols; ++x) {
        for (std::size_t k = 0; k < widths.size(); ++k) {
          Anchor a;
          a.cx = (static_cast<float>(x) + o.anchor_offset_x) / static_cast<float>(cols);
          a.cy = (static_cast<float>(y) + o.anchor_offset_y) / static_cast<float>(rows);
          a.w = o.fixed_anchor_size ? 1.f : widths[k];
          a.h = o.fixed_anchor_size ? 1.f : heights[k];
          anchors.push_back(a);
        }
      }
    }
    layer = last;
  }
  return anchors;
}

}  // namespace magicshield
