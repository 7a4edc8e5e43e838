#include "model_input.h"

#include <algorithm>
#include <cmath>

namespace magicshield {
namespace {

struct Plane {
  const std::uint8_t* data;
  int stride;
  int width;
  int height;
};

// Bilinear sample at (x, y); taps outside the plane take `outside` (zero border) or the nearest edge pixel.
inline float sample(const Plane& p, float x, float y, Border border, float outside) {
  const float fx0 = std::floor(x);
  const float fy0 = std::floor(y);
  const int x0 = static_cast<int>(fx0);
  const int y0 = static_cast<int>(fy0);
  const float ax = x - fx0;
  const float ay = y - fy0;
  if (x0 >= 0 && y0 >= 0 && x0 + 1 < p.width && y0 + 1 < p.height) {
    const std::uint8_t* r0 = p.data + static_cast<std::ptrdiff_t>(y0) * p.stride + x0;
    const std::uint8_t* r1 = r0 + p.stride;
    const float top = r0[0] + ax * (r0[1] - r0[0]);
    const float bottom = r1[0] + ax * (r1[1] - r1[0]);
    return top + ay * (bottom - top);
  }
  auto tap = [&](int tx, int ty) -> float {
    if (border == Border::kReplicate) {
      tx = std::clamp(tx, 0, p.width - 1);
      ty = std::clamp(ty, 0, p.height - 1);
    } else if (tx < 0 || ty < 0 || tx >= p.width || ty >= p.height) {
      return outside;
    }
    return p.data[static_cast<std::ptrdiff_t>(ty) * p.stride + tx];
  };
  const float top = tap(x0, y0) + ax * (tap(x0 + 1, y0) - tap(x0, y0));
  const float bottom = tap(x0, y0 + 1) + ax * (tap(x0 + 1, y0 + 1) - tap(x0, y0 + 1));
  return top + ay * (bottom - top);
}

}  // namespace

void sample_rgb_tensor(const I420View& frame, bool mirror, const RotatedRect& roi, int out_width, int out_height,
                       Border border, float* nchw) {
  const Plane py{frame.y, frame.stride_y, frame.width, frame.height};
  const Plane pu{frame.u, frame.stride_u, frame.chroma_width(), frame.chroma_height()};
  const Plane pv{frame.v, frame.stride_v, frame.chroma_width(), frame.chroma_height()};

  const float c = std::cos(roi.rotation);
  const float s = std::sin(roi.rotation);
  // Steps in frame pixels per tensor pixel along the tensor's x and y, and the ROI's top-left corner.
  const Point2 step_x{c * roi.width / static_cast<float>(out_width), s * roi.width / static_cast<float>(out_width)};
  const Point2 step_y{-s * roi.height / static_cast<float>(out_height), c * roi.height / static_cast<float>(out_height)};
  const Point2 origin{roi.cx - 0.5f * (c * roi.width - s * roi.height), roi.cy - 0.5f * (s * roi.width + c * roi.height)};
  // Mirroring is folded into the map: x in the mirrored frame is (width - x) in the input.
  const float mirror_sign = mirror ? -1.f : 1.f;
  const float mirror_offset = mirror ? static_cast<float>(frame.width) : 0.f;

  const std::size_t plane_size = static_cast<std::size_t>(out_width) * out_height;
  float* out_r = nchw;
  float* out_g = nchw + plane_size;
  float* out_b = nchw + 2 * plane_size;
  constexpr float kInv255 = 1.f / 255.f;
  // Zero border means black, which is Y 16, U V 128 in limited range.
  constexpr float kBlackY = 16.f;
  constexpr float kNeutralUv = 128.f;

  for (int ty = 0; ty < out_height; ++ty) {
    // Tensor pixel centres map onto the ROI, as in MediaPipe's GPU image-to-tensor path, which is what its
    // published results come from; positions become plane indices by taking off half a pixel.
    Point2 p = origin + step_y * (static_cast<float>(ty) + 0.5f) + step_x * 0.5f;
    for (int tx = 0; tx < out_width; ++tx, p = p + step_x) {
      const float fx = mirror_offset + mirror_sign * p.x;
      const float x = fx - 0.5f;
      const float y = p.y - 0.5f;
      // A chroma sample covers a 2x2 block of luma samples: its centre is at frame (2i + 1, 2j + 1).
      const float cx = 0.5f * fx - 0.5f;
      const float cy = 0.5f * p.y - 0.5f;
      const float luma = (sample(py, x, y, border, kBlackY) - 16.f) * YuvToRgb::kY;
      const float cu = sample(pu, cx, cy, border, kNeutralUv) - 128.f;
      const float cv = sample(pv, cx, cy, border, kNeutralUv) - 128.f;
      const std::size_t i = static_cast<std::size_t>(ty) * out_width + tx;
      out_r[i] = std::clamp(luma + YuvToRgb::kRv * cv, 0.f, 255.f) * kInv255;
      out_g[i] = std::clamp(luma + YuvToRgb::kGu * cu + YuvToRgb::kGv * cv, 0.f, 255.f) * kInv255;
      out_b[i] = std::clamp(luma + YuvToRgb::kBu * cu, 0.f, 255.f) * kInv255;
    }
  }
}

Letterbox letterbox_for(int width, int height) {
  const float w = static_cast<float>(width);
  const float h = static_cast<float>(height);
  const float side = std::max(w, h);
  Letterbox box;
  box.roi = {w * 0.5f, h * 0.5f, side, side, 0.f};
  box.pad_x = 0.5f * (side - w) / side;
  box.pad_y = 0.5f * (side - h) / side;
  return box;
}

}  // namespace magicshield
