#include "gpu_model_input.h"

#include <stdexcept>

namespace magicshield {
namespace {

struct AffineMap {
  double m[6];
};

AffineMap affine_map(const double* m) {
  AffineMap a;
  for (int i = 0; i < 6; ++i) a.m[i] = m[i];
  return a;
}

// One plane at tensor pixel (tx, ty), exactly as cv::warpAffine's INTER_LINEAR on 8-bit planes (the CPU path):
// its fixed-point position (1/1024 pixel from the map, rounded to 1/32), the four taps blended, the result rounded
// to 8 bits. Taps outside the plane read `outside` (zero border) or the nearest edge pixel (replicated border).
__device__ float sample_plane(const std::uint8_t* plane, int width, int height, const AffineMap& a, int tx, int ty,
                              bool replicate, std::uint8_t outside) {
  const int qx = (__double2int_rn((a.m[1] * ty + a.m[2]) * 1024.0) + 16 + __double2int_rn(a.m[0] * tx * 1024.0)) >> 5;
  const int qy = (__double2int_rn((a.m[4] * ty + a.m[5]) * 1024.0) + 16 + __double2int_rn(a.m[3] * tx * 1024.0)) >> 5;
  const int x0 = qx >> 5;  // arithmetic shifts: floor for negative positions too
  const int y0 = qy >> 5;
  const float wx = static_cast<float>(qx & 31) * (1.f / 32.f);
  const float wy = static_cast<float>(qy & 31) * (1.f / 32.f);
  auto tap = [&](int x, int y) {
    if (replicate) {
      x = min(max(x, 0), width - 1);
      y = min(max(y, 0), height - 1);
    } else if (x < 0 || y < 0 || x >= width || y >= height) {
      return static_cast<float>(outside);
    }
    return static_cast<float>(plane[static_cast<std::size_t>(y) * width + x]);
  };
  const float top = tap(x0, y0) + wx * (tap(x0 + 1, y0) - tap(x0, y0));
  const float bottom = tap(x0, y0 + 1) + wx * (tap(x0 + 1, y0 + 1) - tap(x0, y0 + 1));
  return floorf(top + wy * (bottom - top) + 0.5f);
}

__global__ void sample_tensor(const std::uint8_t* y_plane, const std::uint8_t* u_plane, const std::uint8_t* v_plane,
                              int width, int height, AffineMap luma, AffineMap chroma, int out_width, int out_height,
                              bool replicate, float* nchw) {
  const int tx = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  const int ty = static_cast<int>(blockIdx.y * blockDim.y + threadIdx.y);
  if (tx >= out_width || ty >= out_height) return;
  const int cw = (width + 1) / 2;
  const int ch = (height + 1) / 2;
  const Rgb01 rgb = yuv_to_rgb01(sample_plane(y_plane, width, height, luma, tx, ty, replicate, kBlackLuma),
                                 sample_plane(u_plane, cw, ch, chroma, tx, ty, replicate, kBlackChroma),
                                 sample_plane(v_plane, cw, ch, chroma, tx, ty, replicate, kBlackChroma));
  const std::size_t count = static_cast<std::size_t>(out_width) * out_height;
  const std::size_t i = static_cast<std::size_t>(ty) * out_width + tx;
  nchw[i] = rgb.r;
  nchw[count + i] = rgb.g;
  nchw[2 * count + i] = rgb.b;
}

}  // namespace

void sample_tensor_gpu(GpuFrame& gpu, const I420View& frame, bool mirror, const RotatedRect& roi, int out_width,
                       int out_height, Border border, float* nchw) {
  if (frame.width != gpu.width() || frame.height != gpu.height()) {
    throw std::logic_error("model input: not the uploaded frame's size");
  }
  const TensorMap map = tensor_map(frame, mirror, roi, out_width, out_height);
  const std::size_t count = static_cast<std::size_t>(out_width) * out_height;
  float* tensor = gpu.scratch(3 * count);
  const dim3 block(32, 8);
  const dim3 grid((out_width + block.x - 1) / block.x, (out_height + block.y - 1) / block.y);
  sample_tensor<<<grid, block, 0, gpu.stream()>>>(gpu.input(0), gpu.input(1), gpu.input(2), frame.width, frame.height,
                                                  affine_map(map.luma), affine_map(map.chroma), out_width, out_height,
                                                  border == Border::kReplicate, tensor);
  cuda_check(cudaGetLastError(), "sample_tensor");
  // OpenCV DNN takes its input from host memory, so the tensor comes back here (and it uploads it again).
  cuda_check(cudaMemcpyAsync(nchw, tensor, 3 * count * sizeof(float), cudaMemcpyDeviceToHost, gpu.stream()),
             "cudaMemcpyAsync (model input)");
  cuda_check(cudaStreamSynchronize(gpu.stream()), "cudaStreamSynchronize (model input)");
}

}  // namespace magicshield
