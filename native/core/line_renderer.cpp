#include "line_renderer.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace magicshield {
namespace {

float distance_to_segment(Point2 p, Point2 a, Point2 b) {
  const Point2 ab = b - a;
  const float len2 = ab.x * ab.x + ab.y * ab.y;
  float t = 0.f;
  if (len2 > 0.f) t = std::clamp(((p.x - a.x) * ab.x + (p.y - a.y) * ab.y) / len2, 0.f, 1.f);
  // sqrt rather than hypot: this runs per pixel, and pixel distances cannot overflow
  const Point2 d = p - (a + ab * t);
  return std::sqrt(d.x * d.x + d.y * d.y);
}

// The columns of row `y` that may lie within `reach` of segment a-b: those within `reach` of the part of the
// segment whose height is within `reach` of the row. A long diagonal stroke then visits a band, not its bounding box.
bool row_span(float y, Point2 a, Point2 b, float reach, float& left, float& right) {
  float t0 = 0.f, t1 = 1.f;
  const float dy = b.y - a.y;
  if (std::abs(dy) > 1e-6f) {
    t0 = (y - reach - a.y) / dy;
    t1 = (y + reach - a.y) / dy;
    if (t0 > t1) std::swap(t0, t1);
    t0 = std::max(t0, 0.f);
    t1 = std::min(t1, 1.f);
    if (t0 > t1) return false;
  } else if (std::abs(a.y - y) > reach) {
    return false;
  }
  const float xa = a.x + t0 * (b.x - a.x), xb = a.x + t1 * (b.x - a.x);
  left = std::min(xa, xb) - reach;
  right = std::max(xa, xb) + reach;
  return true;
}

// Draws on one plane whose pixels are `scale` frame pixels wide; coverage fades over one plane pixel.
void stroke_plane(std::uint8_t* plane, int stride, int width, int height, float scale, Point2 a, Point2 b,
                  float half_width, std::uint8_t value, float opacity) {
  const float offset = 0.5f * scale;
  auto to_plane = [&](Point2 p) { return Point2{(p.x - offset) / scale, (p.y - offset) / scale}; };
  const Point2 pa = to_plane(a);
  const Point2 pb = to_plane(b);
  const float hw = half_width / scale;
  const int x0 = std::max(0, static_cast<int>(std::floor(std::min(pa.x, pb.x) - hw - 1.f)));
  const int x1 = std::min(width - 1, static_cast<int>(std::ceil(std::max(pa.x, pb.x) + hw + 1.f)));
  const int y0 = std::max(0, static_cast<int>(std::floor(std::min(pa.y, pb.y) - hw - 1.f)));
  const int y1 = std::min(height - 1, static_cast<int>(std::ceil(std::max(pa.y, pb.y) + hw + 1.f)));
  const float reach = hw + 0.5f;  // coverage is zero beyond it
  for (int y = y0; y <= y1; ++y) {
    float left, right;
    if (!row_span(static_cast<float>(y), pa, pb, reach, left, right)) continue;
    std::uint8_t* row = plane + static_cast<std::ptrdiff_t>(y) * stride;
    const int from = static_cast<int>(std::max(static_cast<float>(x0), std::floor(left)));
    const int to = static_cast<int>(std::min(static_cast<float>(x1), std::ceil(right)));
    for (int x = from; x <= to; ++x) {
      const float d = distance_to_segment({static_cast<float>(x), static_cast<float>(y)}, pa, pb);
      const float coverage = std::clamp(reach - d, 0.f, 1.f) * opacity;
      if (coverage <= 0.f) continue;
      row[x] = static_cast<std::uint8_t>(std::lround(row[x] + coverage * (static_cast<float>(value) - row[x])));
    }
  }
}

}  // namespace

void draw_segment(const I420Image& frame, Point2 a, Point2 b, const Stroke& s) {
  if (!(s.opacity > 0.f) || !(s.width > 0.f)) return;
  // A point off at infinity (or NaN) has no pixels to draw, and would not convert to pixel indices.
  if (!std::isfinite(a.x) || !std::isfinite(a.y) || !std::isfinite(b.x) || !std::isfinite(b.y)) return;
  const float hw = 0.5f * s.width;
  stroke_plane(frame.y, frame.stride_y, frame.width, frame.height, 1.f, a, b, hw, s.colour.y, s.opacity);
  stroke_plane(frame.u, frame.stride_u, frame.chroma_width(), frame.chroma_height(), 2.f, a, b, hw, s.colour.u,
               s.opacity);
  stroke_plane(frame.v, frame.stride_v, frame.chroma_width(), frame.chroma_height(), 2.f, a, b, hw, s.colour.v,
               s.opacity);
}

void draw_hand_lines(const I420Image& frame, const Landmarks& lm, float opacity) {
  static const std::pair<int, int> kSegments[] = {
      {kWrist, kThumbTip},     {kWrist, kIndexTip},   {kWrist, kMiddleTip},
      {kWrist, kRingTip},      {kWrist, kPinkyTip},   {kThumbTip, kIndexTip},
      {kThumbTip, kMiddleTip}, {kThumbTip, kRingTip}, {kThumbTip, kPinkyTip},
  };
  // The prototype's colours: BGR (50, 50, 255) under white.
  const Stroke red{5.f, rgb_to_yuv(255.f, 50.f, 50.f), opacity};
  const Stroke white{2.5f, rgb_to_yuv(255.f, 255.f, 255.f), opacity};
  for (const Stroke* s : {&red, &white}) {
    for (const auto& [from, to] : kSegments) draw_segment(frame, xy(lm[from]), xy(lm[to]), *s);
  }
}

}  // namespace magicshield
