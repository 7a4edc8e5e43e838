#include "hand_roi.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace magicshield {
namespace {

constexpr RectTransform kPalmToHand{2.6f, 2.6f, 0.f, -0.5f, true};
constexpr RectTransform kLandmarksToHand{2.0f, 2.0f, 0.f, -0.1f, true};
// Wrist, thumb CMC/MCP/IP, and the base joints of the four fingers: the part of the hand that keeps its shape.
constexpr int kPalmLandmarks[] = {0, 1, 2, 3, 5, 6, 9, 10, 13, 14, 17, 18};

}  // namespace

RotatedRect transform_rect(const RotatedRect& rect, const RectTransform& t) {
  RotatedRect out = rect;
  const float c = std::cos(rect.rotation);
  const float s = std::sin(rect.rotation);
  const float dx = rect.width * t.shift_x;
  const float dy = rect.height * t.shift_y;
  out.cx += dx * c - dy * s;
  out.cy += dx * s + dy * c;
  if (t.square_long) {
    const float side = std::max(rect.width, rect.height);
    out.width = side;
    out.height = side;
  }
  out.width *= t.scale_x;
  out.height *= t.scale_y;
  return out;
}

float rotation_to_vertical(Point2 from, Point2 to) {
  return normalize_radians(0.5f * kPi - std::atan2(-(to.y - from.y), to.x - from.x));
}

RotatedRect roi_from_palm(const PalmDetection& palm) {
  RotatedRect rect;
  rect.cx = palm.xmin + 0.5f * palm.width;
  rect.cy = palm.ymin + 0.5f * palm.height;
  rect.width = palm.width;
  rect.height = palm.height;
  rect.rotation = rotation_to_vertical(palm.keypoints[kPalmWrist], palm.keypoints[kPalmMiddleMcp]);
  return transform_rect(rect, kPalmToHand);
}

RotatedRect roi_from_landmarks(const Landmarks& lm) {
  // The hand's direction: wrist to a blend of the index, middle and ring MCPs.
  const Point2 index_ring = (xy(lm[kIndexMcp]) + xy(lm[kRingMcp])) * 0.5f;
  const Point2 knuckles = (index_ring + xy(lm[kMiddleMcp])) * 0.5f;
  const float rotation = rotation_to_vertical(xy(lm[kWrist]), knuckles);

  float min_x = std::numeric_limits<float>::max(), max_x = std::numeric_limits<float>::lowest();
  float min_y = min_x, max_y = max_x;
  for (int i : kPalmLandmarks) {
    min_x = std::min(min_x, lm[i].x);
    max_x = std::max(max_x, lm[i].x);
    min_y = std::min(min_y, lm[i].y);
    max_y = std::max(max_y, lm[i].y);
  }
  const Point2 axis_centre{0.5f * (min_x + max_x), 0.5f * (min_y + max_y)};

  // Extents in the hand's own frame: rotate the points by -rotation about the axis-aligned centre.
  const float c = std::cos(rotation);
  const float s = std::sin(rotation);
  float pmin_x = std::numeric_limits<float>::max(), pmax_x = std::numeric_limits<float>::lowest();
  float pmin_y = pmin_x, pmax_y = pmax_x;
  for (int i : kPalmLandmarks) {
    const float ox = lm[i].x - axis_centre.x;
    const float oy = lm[i].y - axis_centre.y;
    const float px = ox * c + oy * s;
    const float py = -ox * s + oy * c;
    pmin_x = std::min(pmin_x, px);
    pmax_x = std::max(pmax_x, px);
    pmin_y = std::min(pmin_y, py);
    pmax_y = std::max(pmax_y, py);
  }
  const float pcx = 0.5f * (pmin_x + pmax_x);
  const float pcy = 0.5f * (pmin_y + pmax_y);
  RotatedRect rect;
  rect.cx = pcx * c - pcy * s + axis_centre.x;
  rect.cy = pcx * s + pcy * c + axis_centre.y;
  rect.width = pmax_x - pmin_x;
  rect.height = pmax_y - pmin_y;
  rect.rotation = rotation;
  return transform_rect(rect, kLandmarksToHand);
}

float rect_iou(const RotatedRect& a, const RotatedRect& b) {
  const float ix0 = std::max(a.cx - 0.5f * a.width, b.cx - 0.5f * b.width);
  const float iy0 = std::max(a.cy - 0.5f * a.height, b.cy - 0.5f * b.height);
  const float ix1 = std::min(a.cx + 0.5f * a.width, b.cx + 0.5f * b.width);
  const float iy1 = std::min(a.cy + 0.5f * a.height, b.cy + 0.5f * b.height);
  if (ix1 <= ix0 || iy1 <= iy0) return 0.f;
  const float inter = (ix1 - ix0) * (iy1 - iy0);
  const float uni = a.width * a.height + b.width * b.height - inter;
  return uni > 0.f ? inter / uni : 0.f;
}

}  // namespace magicshield
