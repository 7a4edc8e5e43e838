#include "gpu_frame.h"

#include <cstring>
#include <stdexcept>
#include <string>

namespace magicshield {
namespace {

// The (mirrored) copy of the input planes into the output planes: one thread per byte, blockIdx.z the plane.
__global__ void copy_planes(const std::uint8_t* in, std::uint8_t* out, int width, int height, bool mirror) {
  const PackedPlane plane = packed_plane(width, height, static_cast<int>(blockIdx.z));
  const int x = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  const int y = static_cast<int>(blockIdx.y * blockDim.y + threadIdx.y);
  if (x >= plane.width || y >= plane.height) return;
  const std::size_t row = plane.offset + static_cast<std::size_t>(y) * plane.width;
  out[row + x] = in[row + (mirror ? plane.width - 1 - x : x)];
}

}  // namespace

void cuda_check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) {
    throw std::runtime_error(std::string("CUDA: ") + what + ": " + cudaGetErrorName(status) + " (" +
                             cudaGetErrorString(status) + ")");
  }
}

cudaError_t gpu_kernels_loadable() {
  cudaFuncAttributes attributes;
  return cudaFuncGetAttributes(&attributes, copy_planes);
}

GpuFrame::GpuFrame() { cuda_check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate"); }

GpuFrame::~GpuFrame() {
  // Nothing may still use the buffers freed after this.
  cudaStreamSynchronize(stream_);
  cudaStreamDestroy(stream_);
}

void GpuFrame::reserve(int width, int height) {
  if (width == width_ && height == height_) return;
  const std::size_t bytes = packed_size(width, height);
  if (bytes > capacity_) {
    cuda_check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize");
    void* p = nullptr;
    device_in_.reset();
    cuda_check(cudaMalloc(&p, bytes), "cudaMalloc (input planes)");
    device_in_.reset(static_cast<std::uint8_t*>(p));
    device_out_.reset();
    cuda_check(cudaMalloc(&p, bytes), "cudaMalloc (output planes)");
    device_out_.reset(static_cast<std::uint8_t*>(p));
    host_in_.reset();
    cuda_check(cudaHostAlloc(&p, bytes, cudaHostAllocDefault), "cudaHostAlloc (input staging)");
    host_in_.reset(static_cast<std::uint8_t*>(p));
    host_out_.reset();
    cuda_check(cudaHostAlloc(&p, bytes, cudaHostAllocDefault), "cudaHostAlloc (output staging)");
    host_out_.reset(static_cast<std::uint8_t*>(p));
    capacity_ = bytes;
  }
  width_ = width;
  height_ = height;
}

void GpuFrame::upload(const I420View& in, bool mirror) {
  reserve(in.width, in.height);
  const std::uint8_t* planes[3] = {in.y, in.u, in.v};
  const int strides[3] = {in.stride_y, in.stride_u, in.stride_v};
  for (int p = 0; p < 3; ++p) {
    const PackedPlane plane = packed_plane(width_, height_, p);
    for (int y = 0; y < plane.height; ++y) {
      std::memcpy(host_in_.get() + plane.offset + static_cast<std::size_t>(y) * plane.width,
                  planes[p] + static_cast<std::ptrdiff_t>(y) * strides[p], static_cast<std::size_t>(plane.width));
    }
  }
  cuda_check(
      cudaMemcpyAsync(device_in_.get(), host_in_.get(), packed_size(width_, height_), cudaMemcpyHostToDevice, stream_),
      "cudaMemcpyAsync (upload)");
  const dim3 block(32, 8);
  const dim3 grid((width_ + block.x - 1) / block.x, (height_ + block.y - 1) / block.y, 3);
  copy_planes<<<grid, block, 0, stream_>>>(device_in_.get(), device_out_.get(), width_, height_, mirror);
  cuda_check(cudaGetLastError(), "copy_planes");
  cuda_check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize (upload)");
}

void GpuFrame::download(const I420Image& out) {
  if (out.width != width_ || out.height != height_) throw std::logic_error("download: not the uploaded frame's size");
  cuda_check(cudaMemcpyAsync(host_out_.get(), device_out_.get(), packed_size(width_, height_), cudaMemcpyDeviceToHost,
                             stream_),
             "cudaMemcpyAsync (download)");
  cuda_check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize (download)");
  std::uint8_t* planes[3] = {out.y, out.u, out.v};
  const int strides[3] = {out.stride_y, out.stride_u, out.stride_v};
  for (int p = 0; p < 3; ++p) {
    const PackedPlane plane = packed_plane(width_, height_, p);
    for (int y = 0; y < plane.height; ++y) {
      std::memcpy(planes[p] + static_cast<std::ptrdiff_t>(y) * strides[p],
                  host_out_.get() + plane.offset + static_cast<std::size_t>(y) * plane.width,
                  static_cast<std::size_t>(plane.width));
    }
  }
}

I420Image GpuFrame::pull_output() {
  cuda_check(cudaMemcpyAsync(host_out_.get(), device_out_.get(), packed_size(width_, height_), cudaMemcpyDeviceToHost,
                             stream_),
             "cudaMemcpyAsync (pull)");
  cuda_check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize (pull)");
  std::uint8_t* y = host_out_.get();
  const PackedPlane u = packed_plane(width_, height_, 1);
  const PackedPlane v = packed_plane(width_, height_, 2);
  return {y, width_, y + u.offset, u.width, y + v.offset, v.width, width_, height_};
}

void GpuFrame::push_output() {
  cuda_check(cudaMemcpyAsync(device_out_.get(), host_out_.get(), packed_size(width_, height_), cudaMemcpyHostToDevice,
                             stream_),
             "cudaMemcpyAsync (push)");
  // Waits, as download() does, so that the host may write the staging buffer again at once.
  cuda_check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize (push)");
}

float* GpuFrame::scratch(std::size_t count) {
  if (count > scratch_count_) {
    cuda_check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize");
    scratch_.reset();
    void* p = nullptr;
    cuda_check(cudaMalloc(&p, count * sizeof(float)), "cudaMalloc (model input)");
    scratch_.reset(static_cast<float*>(p));
    scratch_count_ = count;
  }
  return scratch_.get();
}

}  // namespace magicshield
