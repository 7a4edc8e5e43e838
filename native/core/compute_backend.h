// The process-wide compute backend: the CPU, or CUDA (OpenCV DNN's CUDA backend for the models, our own kernels
// for the frame's pixel work) in a library built with MAGICSHIELD_CUDA. See docs/cuda.md.
#pragma once

#include <string>

namespace magicshield {

enum class ComputeBackend { kCpu, kCuda };

#ifdef MAGICSHIELD_CUDA
constexpr bool kBuiltWithCuda = true;
#else
constexpr bool kBuiltWithCuda = false;
#endif

const char* backend_name(ComputeBackend backend);

// What probing for CUDA found: why it cannot be used ("" when it can) and the GPU's name.
struct CudaProbe {
  std::string unavailable;
  std::string device;
};
// Checks the driver, the device, our kernels and the OpenCV in the process (cuda/gpu_backend.cpp); without CUDA,
// says so.
CudaProbe probe_cuda();

// Why CUDA cannot be used in this process ("" when it can): built without it, no driver or device, an OpenCV
// without CUDA. Probed once per process.
const std::string& cuda_unavailable_reason();

// Engine::set_backend: "auto" (CUDA when it can be used, else the CPU, saying why on stderr once), "cpu" or
// "cuda". Throws std::invalid_argument for other names, std::runtime_error when "cuda" cannot be used, and
// std::logic_error when networks already exist for another backend.
void request_backend(const std::string& name);

// The backend in use ("auto" is chosen if nothing was requested).
ComputeBackend current_backend();

// The backend networks are made for; from the first call on the choice is fixed, as networks and the custom CPU
// layer (depthwise_conv_layer.h) depend on it.
ComputeBackend backend_for_networks();

// The backend in use for Engine::describe(), with the GPU's name, or why CUDA is not used in a CUDA build.
std::string describe_backend();

}  // namespace magicshield
