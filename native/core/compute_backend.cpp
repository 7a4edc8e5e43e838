#include "compute_backend.h"

#include <iostream>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace magicshield {
namespace {

const CudaProbe& probe() {
  static const CudaProbe result = probe_cuda();
  return result;
}

std::mutex mutex;
std::optional<ComputeBackend> chosen;
bool fixed = false;

// Called with the mutex held.
ComputeBackend resolve(const std::string& name) {
  if (name != "auto" && name != "cpu" && name != "cuda") {
    throw std::invalid_argument("unknown compute backend '" + name + "' (auto, cpu or cuda)");
  }
  if (name == "cpu") return ComputeBackend::kCpu;
  const std::string& why = cuda_unavailable_reason();
  if (name == "cuda") {
    if (!why.empty()) throw std::runtime_error("the CUDA backend cannot be used: " + why);
    return ComputeBackend::kCuda;
  }
  if (why.empty()) return ComputeBackend::kCuda;
  // A CPU build runs on the CPU as a matter of course; a CUDA build says once why it does.
  static bool logged = false;
  if (kBuiltWithCuda && !logged) {
    std::cerr << "magicshield: CUDA cannot be used (" << why << "); running on the CPU" << std::endl;
    logged = true;
  }
  return ComputeBackend::kCpu;
}

ComputeBackend chosen_or_auto() {
  if (!chosen) chosen = resolve("auto");
  return *chosen;
}

}  // namespace

#ifndef MAGICSHIELD_CUDA
CudaProbe probe_cuda() {
  return {"this library was built without CUDA (rebuild with -Pcuda, i.e. -DMAGICSHIELD_CUDA=ON)", ""};
}
#endif

const char* backend_name(ComputeBackend backend) { return backend == ComputeBackend::kCuda ? "cuda" : "cpu"; }

const std::string& cuda_unavailable_reason() { return probe().unavailable; }

void request_backend(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex);
  const ComputeBackend backend = resolve(name);
  if (fixed && backend != *chosen) {
    throw std::logic_error(std::string("the compute backend is already ") + backend_name(*chosen) +
                           " (models are loaded): choose it before loading models");
  }
  chosen = backend;
}

ComputeBackend current_backend() {
  std::lock_guard<std::mutex> lock(mutex);
  return chosen_or_auto();
}

ComputeBackend backend_for_networks() {
  std::lock_guard<std::mutex> lock(mutex);
  fixed = true;
  return chosen_or_auto();
}

std::string describe_backend() {
  const ComputeBackend backend = current_backend();
  if (backend == ComputeBackend::kCuda) return "cuda (" + probe().device + ")";
  if (kBuiltWithCuda && !cuda_unavailable_reason().empty()) {
    return "cpu (CUDA cannot be used: " + cuda_unavailable_reason() + ")";
  }
  return "cpu";
}

}  // namespace magicshield
