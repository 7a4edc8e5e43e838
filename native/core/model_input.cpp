#include "model_input.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <opencv2/imgproc.hpp>

// The colour conversion loop uses GCC's portable vector type, built for x86-64-v3 beside a generic version.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define MAGICSHIELD_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define MAGICSHIELD_VECTOR_CLONES
#endif

namespace magicshield {
namespace {

constexpr int kLanes = 8;
using v8f = float __attribute__((vector_size(kLanes * sizeof(float))));
using v8i = int __attribute__((vector_size(kLanes * sizeof(int))));

// Eight Y, U, V samples (already at tensor resolution) to R, G, B in [0, 1]: BT.601 limited range. Inlined into each
// clone below, so it is built for each one's target (and passes vectors by reference: no vector ABI at a call).
struct Rgb8 {
  v8f r, g, b;
};
__attribute__((always_inline)) inline void yuv8_to_rgb01(const std::uint8_t* y, const std::uint8_t* u,
                                                         const std::uint8_t* v, Rgb8& rgb) {
  v8i yi, ui, vi;
  for (int k = 0; k < kLanes; ++k) {
    yi[k] = y[k];
    ui[k] = u[k];
    vi[k] = v[k];
  }
  const v8f luma = (__builtin_convertvector(yi, v8f) - 16.f) * YuvToRgb::kY;
  const v8f cu = __builtin_convertvector(ui, v8f) - 128.f;
  const v8f cv = __builtin_convertvector(vi, v8f) - 128.f;
  const v8f zero = {};
  const v8f top = zero + 255.f;
  v8f rr = luma + YuvToRgb::kRv * cv;
  v8f gg = luma + YuvToRgb::kGu * cu + YuvToRgb::kGv * cv;
  v8f bb = luma + YuvToRgb::kBu * cu;
  rr = rr < zero ? zero : (rr > top ? top : rr);
  gg = gg < zero ? zero : (gg > top ? top : gg);
  bb = bb < zero ? zero : (bb > top ? top : bb);
  rgb.r = rr * (1.f / 255.f);
  rgb.g = gg * (1.f / 255.f);
  rgb.b = bb * (1.f / 255.f);
}

// Y, U, V samples to RGB planes (NCHW).
MAGICSHIELD_VECTOR_CLONES
void yuv_to_rgb_planes(const std::uint8_t* y, const std::uint8_t* u, const std::uint8_t* v, int count, float* r,
                       float* g, float* b) {
  int i = 0;
  for (; i + kLanes <= count; i += kLanes) {
    Rgb8 rgb;
    yuv8_to_rgb01(y + i, u + i, v + i, rgb);
    std::memcpy(r + i, &rgb.r, sizeof rgb.r);
    std::memcpy(g + i, &rgb.g, sizeof rgb.g);
    std::memcpy(b + i, &rgb.b, sizeof rgb.b);
  }
  for (; i < count; ++i) {
    const Rgb01 rgb = yuv_to_rgb01(static_cast<float>(y[i]), static_cast<float>(u[i]), static_cast<float>(v[i]));
    r[i] = rgb.r;
    g[i] = rgb.g;
    b[i] = rgb.b;
  }
}

// Y, U, V samples to interleaved RGB (NHWC), the same values as the planes.
MAGICSHIELD_VECTOR_CLONES
void yuv_to_rgb_interleaved(const std::uint8_t* y, const std::uint8_t* u, const std::uint8_t* v, int count,
                            float* rgb_out) {
  int i = 0;
  for (; i + kLanes <= count; i += kLanes) {
    Rgb8 rgb;
    yuv8_to_rgb01(y + i, u + i, v + i, rgb);
    // r0 g0 b0 r1 ... b7 as three vectors, each two two-source shuffles (R with G, then B): stored element by
    // element instead, the interleaved tensor took as long as the planes and their transpose together.
    const v8f rg0 = __builtin_shuffle(rgb.r, rgb.g, v8i{0, 8, 0, 1, 9, 0, 2, 10});
    const v8f rg1 = __builtin_shuffle(rgb.r, rgb.g, v8i{0, 3, 11, 0, 4, 12, 0, 5});
    const v8f rg2 = __builtin_shuffle(rgb.r, rgb.g, v8i{13, 0, 6, 14, 0, 7, 15, 0});
    const v8f out0 = __builtin_shuffle(rg0, rgb.b, v8i{0, 1, 8, 3, 4, 9, 6, 7});
    const v8f out1 = __builtin_shuffle(rg1, rgb.b, v8i{10, 1, 2, 11, 4, 5, 12, 7});
    const v8f out2 = __builtin_shuffle(rg2, rgb.b, v8i{0, 13, 2, 3, 14, 5, 6, 15});
    float* out = rgb_out + 3 * static_cast<std::size_t>(i);
    std::memcpy(out, &out0, sizeof out0);
    std::memcpy(out + kLanes, &out1, sizeof out1);
    std::memcpy(out + 2 * kLanes, &out2, sizeof out2);
  }
  for (; i < count; ++i) {
    const Rgb01 rgb = yuv_to_rgb01(static_cast<float>(y[i]), static_cast<float>(u[i]), static_cast<float>(v[i]));
    float* out = rgb_out + 3 * static_cast<std::size_t>(i);
    out[0] = rgb.r;
    out[1] = rgb.g;
    out[2] = rgb.b;
  }
}

}  // namespace

TensorMap tensor_map(const I420View& frame, bool mirror, const RotatedRect& roi, int out_width, int out_height) {
  const float c = std::cos(roi.rotation);
  const float s = std::sin(roi.rotation);
  // Frame position of tensor pixel (tx, ty): origin + (tx + 0.5) * step_x + (ty + 0.5) * step_y. Tensor pixel
  // centres map onto the ROI, as in MediaPipe's GPU image-to-tensor path, which its published results come from.
  const Point2 step_x{c * roi.width / static_cast<float>(out_width), s * roi.width / static_cast<float>(out_width)};
  const Point2 step_y{-s * roi.height / static_cast<float>(out_height),
                      c * roi.height / static_cast<float>(out_height)};
  const Point2 origin{roi.cx - 0.5f * (c * roi.width - s * roi.height),
                      roi.cy - 0.5f * (s * roi.width + c * roi.height)};
  const Point2 centre0 = origin + (step_x + step_y) * 0.5f;
  // Mirroring is folded into the map: x in the mirrored frame is (width - x) in the input.
  const float sign = mirror ? -1.f : 1.f;
  const float flip = mirror ? static_cast<float>(frame.width) : 0.f;

  // A plane whose pixels are `scale` frame pixels wide has pixel index (frame position / scale - 0.5).
  TensorMap map;
  for (int p = 0; p < 2; ++p) {
    const float scale = p == 0 ? 1.f : 2.f;
    const double m[] = {sign * step_x.x / scale, sign * step_y.x / scale, (flip + sign * centre0.x) / scale - 0.5,
                        step_x.y / scale,        step_y.y / scale,        centre0.y / scale - 0.5};
    std::copy(m, m + 6, p == 0 ? map.luma : map.chroma);
  }
  return map;
}

void sample_rgb_tensor(const I420View& frame, bool mirror, const RotatedRect& roi, int out_width, int out_height,
                       Border border, TensorLayout layout, float* tensor) {
  // One affine warp per plane, straight from the frame's planes into tensor-sized planes.
  TensorMap map = tensor_map(frame, mirror, roi, out_width, out_height);
  thread_local cv::Mat planes[3];
  const std::uint8_t* data[3] = {frame.y, frame.u, frame.v};
  const int strides[3] = {frame.stride_y, frame.stride_u, frame.stride_v};
  for (int p = 0; p < 3; ++p) {
    const cv::Size size =
        p == 0 ? cv::Size(frame.width, frame.height) : cv::Size(frame.chroma_width(), frame.chroma_height());
    const cv::Mat src(size, CV_8UC1, const_cast<std::uint8_t*>(data[p]), static_cast<std::size_t>(strides[p]));
    double* m = p == 0 ? map.luma : map.chroma;
    cv::warpAffine(src, planes[p], cv::Mat(2, 3, CV_64F, m), cv::Size(out_width, out_height),
                   cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                   border == Border::kZero ? cv::BORDER_CONSTANT : cv::BORDER_REPLICATE,
                   cv::Scalar(p == 0 ? kBlackLuma : kBlackChroma));
  }
  const int count = out_width * out_height;
  if (layout == TensorLayout::kNhwc) {
    yuv_to_rgb_interleaved(planes[0].ptr(), planes[1].ptr(), planes[2].ptr(), count, tensor);
  } else {
    yuv_to_rgb_planes(planes[0].ptr(), planes[1].ptr(), planes[2].ptr(), count, tensor, tensor + count,
                      tensor + 2 * count);
  }
}

void nchw_to_nhwc(const float* nchw, int pixels, float* nhwc) {
  const std::size_t plane = static_cast<std::size_t>(pixels);
  for (std::size_t i = 0; i < plane; ++i) {
    nhwc[3 * i] = nchw[i];
    nhwc[3 * i + 1] = nchw[plane + i];
    nhwc[3 * i + 2] = nchw[2 * plane + i];
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
