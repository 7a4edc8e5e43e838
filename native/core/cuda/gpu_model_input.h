// Model inputs sampled on the GPU from the frame's uploaded planes (CUDA builds only): the same map as
// sample_rgb_tensor (model_input.h), the same bilinear sampling as its OpenCV warp, the same colour conversion.
#pragma once

#include "geometry.h"
#include "gpu_frame.h"
#include "i420.h"
#include "model_input.h"

namespace magicshield {

// sample_rgb_tensor's contract, on `gpu`'s input planes (`frame` gives their size): the 1x3xHxW tensor is
// written to host memory `nchw` when this returns.
void sample_tensor_gpu(GpuFrame& gpu, const I420View& frame, bool mirror, const RotatedRect& roi, int out_width,
                       int out_height, Border border, float* nchw);

}  // namespace magicshield
