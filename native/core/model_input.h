// Model inputs made straight from the I420 planes: one affine map from tensor pixels to frame pixels and
// bilinear sampling, so neither a full-resolution RGB copy of the frame nor a separate resize is made.
// The same routine serves palm detection (letterbox: the whole frame, padded to a square, zero border) and
// the hand landmark model (a rotated hand ROI, replicated border), as MediaPipe's ImageToTensorCalculator.
#pragma once

#include <cstdint>
#include <functional>

#include "geometry.h"
#include "i420.h"

namespace magicshield {

enum class Border { kZero, kReplicate };

// What the zero border reads outside the frame: black, Y 16 and U V 128 in limited range.
constexpr std::uint8_t kBlackLuma = 16;
constexpr std::uint8_t kBlackChroma = 128;

// How a model's input holds its three colours: planes (1x3xHxW, OpenCV DNN's blobs) or interleaved (1xHxWx3, TFLite's
// input tensors, which the frame pass writes in place).
enum class TensorLayout { kNchw, kNhwc };

// Fills a float tensor of out_width x out_height pixels, RGB in [0, 1], in `layout`. `roi` is in pixels of the frame
// as the model should see it: mirrored when `mirror` is set. The tensor covers the ROI exactly: its corners are the
// ROI's corners. Both layouts hold the same values.
void sample_rgb_tensor(const I420View& frame, bool mirror, const RotatedRect& roi, int out_width, int out_height,
                       Border border, TensorLayout layout, float* tensor);

// `pixels` RGB values from planes to interleaved: for a tensor made elsewhere in planes (the CUDA kernel's, the
// tests' references) that goes into a TFLite input.
void nchw_to_nhwc(const float* nchw, int pixels, float* nhwc);

// Where tensor pixel (tx, ty) samples each plane, as pixel indices of that plane: x = m[0] * tx + m[1] * ty + m[2],
// y = m[3] * tx + m[4] * ty + m[5] (OpenCV's inverse affine map). The CPU path and the CUDA kernel both use it.
struct TensorMap {
  double luma[6];
  double chroma[6];  // U and V, at half resolution
};
TensorMap tensor_map(const I420View& frame, bool mirror, const RotatedRect& roi, int out_width, int out_height);

// A source of model inputs with sample_rgb_tensor's contract: that routine, or the CUDA path sampling the frame's
// planes already on the GPU.
using TensorSampler = std::function<void(const I420View& frame, bool mirror, const RotatedRect& roi, int out_width,
                                         int out_height, Border border, TensorLayout layout, float* tensor)>;

// The square ROI that letterboxes the whole frame (keeping its aspect ratio) and the padding it adds, as
// fractions of the square's side: needed to map detections back.
struct Letterbox {
  RotatedRect roi;
  float pad_x;  // on each side, left and right
  float pad_y;  // on each side, top and bottom
};
Letterbox letterbox_for(int width, int height);

}  // namespace magicshield
