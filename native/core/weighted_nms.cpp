#include "weighted_nms.h"

#include <algorithm>

namespace magicshield {

float box_iou(const PalmDetection& a, const PalmDetection& b) {
  const float ix0 = std::max(a.xmin, b.xmin);
  const float iy0 = std::max(a.ymin, b.ymin);
  const float ix1 = std::min(a.xmin + a.width, b.xmin + b.width);
  const float iy1 = std::min(a.ymin + a.height, b.ymin + b.height);
  if (ix1 <= ix0 || iy1 <= iy0) return 0.f;
  const float inter = (ix1 - ix0) * (iy1 - iy0);
  const float uni = a.width * a.height + b.width * b.height - inter;
  return uni > 0.f ? inter / uni : 0.f;
}

std::vector<PalmDetection> weighted_nms(std::vector<PalmDetection> remaining, float iou_threshold) {
  std::stable_sort(remaining.begin(), remaining.end(),
                   [](const PalmDetection& a, const PalmDetection& b) { return a.score > b.score; });
  std::vector<PalmDetection> merged;
  std::vector<PalmDetection> rest;
  while (!remaining.empty()) {
    const PalmDetection best = remaining.front();
    PalmDetection sum{};
    float total = 0.f;
    rest.clear();
    for (std::size_t i = 0; i < remaining.size(); ++i) {
      const PalmDetection& d = remaining[i];
      // The best box always joins its own group, so every pass removes at least one box (even one without area).
      if (i == 0 || box_iou(best, d) > iou_threshold) {
        sum.xmin += d.score * d.xmin;
        sum.ymin += d.score * d.ymin;
        sum.width += d.score * d.width;
        sum.height += d.score * d.height;
        for (int k = 0; k < kPalmKeypoints; ++k) sum.keypoints[k] = sum.keypoints[k] + d.keypoints[k] * d.score;
        total += d.score;
      } else {
        rest.push_back(d);
      }
    }
    PalmDetection out = best;
    if (total > 0.f) {
      const float inv = 1.f / total;
      out.xmin = sum.xmin * inv;
      out.ymin = sum.ymin * inv;
      out.width = sum.width * inv;
      out.height = sum.height * inv;
      for (int k = 0; k < kPalmKeypoints; ++k) out.keypoints[k] = sum.keypoints[k] * inv;
    }
    merged.push_back(out);
    remaining.swap(rest);
  }
  return merged;
}

}  // namespace magicshield
