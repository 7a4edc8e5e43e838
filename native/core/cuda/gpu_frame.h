// One frame pass's frame on the GPU (CUDA builds only): its stream, the input and output planes in device memory
// and their pinned host staging buffers. One upload of the input and one download of the output per frame.
// Device planes are packed: Y, then U, then V, each row exactly as wide as its plane.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include <cuda_runtime_api.h>

#include "host_device.h"
#include "i420.h"

namespace magicshield {

// Throws std::runtime_error naming the call and CUDA's error.
void cuda_check(cudaError_t status, const char* what);

// Whether our kernels can run on the current device: cudaSuccess, or why not (no image for its architecture).
cudaError_t gpu_kernels_loadable();

struct DeviceFree {
  void operator()(void* p) const { cudaFree(p); }
};
struct PinnedFree {
  void operator()(void* p) const { cudaFreeHost(p); }
};
template <typename T>
using DevicePtr = std::unique_ptr<T, DeviceFree>;
template <typename T>
using PinnedPtr = std::unique_ptr<T, PinnedFree>;

// Plane p (0 Y, 1 U, 2 V) of a packed I420 frame.
struct PackedPlane {
  std::size_t offset;
  int width;
  int height;
};
MAGICSHIELD_HOST_DEVICE inline PackedPlane packed_plane(int width, int height, int p) {
  const int cw = (width + 1) / 2;
  const int ch = (height + 1) / 2;
  const std::size_t luma = static_cast<std::size_t>(width) * height;
  if (p == 0) return {0, width, height};
  return {luma + static_cast<std::size_t>(p - 1) * cw * ch, cw, ch};
}
MAGICSHIELD_HOST_DEVICE inline std::size_t packed_size(int width, int height) {
  const PackedPlane v = packed_plane(width, height, 2);
  return v.offset + static_cast<std::size_t>(v.width) * v.height;
}

class GpuFrame {
 public:
  GpuFrame();
  ~GpuFrame();
  GpuFrame(const GpuFrame&) = delete;
  GpuFrame& operator=(const GpuFrame&) = delete;

  // Packs `in` into pinned memory, uploads it in one copy and makes the device output its (mirrored) copy.
  // Returns when that is done, so the caller's timing covers it.
  void upload(const I420View& in, bool mirror);
  // Downloads the device output in one copy and unpacks it into `out` (the size of the last upload).
  void download(const I420Image& out);
  // The device output in host memory (the pinned staging buffer, packed), to draw on there, and back: for what
  // only the CPU draws but must go under what the GPU draws next.
  I420Image pull_output();
  void push_output();

  cudaStream_t stream() const { return stream_; }
  int width() const { return width_; }
  int height() const { return height_; }
  const std::uint8_t* input(int p) const { return device_in_.get() + packed_plane(width_, height_, p).offset; }
  std::uint8_t* output(int p) { return device_out_.get() + packed_plane(width_, height_, p).offset; }
  // Device scratch memory for at least `count` floats (model inputs), kept from call to call.
  float* scratch(std::size_t count);

 private:
  void reserve(int width, int height);

  cudaStream_t stream_ = nullptr;
  int width_ = 0;
  int height_ = 0;
  std::size_t capacity_ = 0;  // bytes in each plane buffer
  DevicePtr<std::uint8_t> device_in_, device_out_;
  PinnedPtr<std::uint8_t> host_in_, host_out_;
  DevicePtr<float> scratch_;
  std::size_t scratch_count_ = 0;
};

}  // namespace magicshield
