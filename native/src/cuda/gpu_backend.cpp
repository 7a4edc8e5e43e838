#include "gpu_backend.h"

#include <algorithm>
#include <string>

#include <opencv2/core/cuda.hpp>
#include <opencv2/dnn.hpp>

#include "compute_backend.h"
#include "gpu_compositor.h"
#include "gpu_frame.h"
#include "gpu_model_input.h"

namespace magicshield {
namespace {

std::string version_text(int version) {
  return std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10);
}

std::string cuda_error_text(cudaError_t status) {
  return std::string(cudaGetErrorName(status)) + ": " + cudaGetErrorString(status);
}

class CudaPixelBackend final : public PixelBackend {
 public:
  void copy(const I420View& in, const I420Image& out, bool mirror) override {
    out_ = out;
    gpu_.upload(in, mirror);
  }
  void sample_tensor(const I420View& frame, bool mirror, const RotatedRect& roi, int out_width, int out_height,
                     Border border, float* nchw) override {
    sample_tensor_gpu(gpu_, frame, mirror, roi, out_width, out_height, border, nchw);
  }
  void draw_shield(const std::shared_ptr<const ShieldSprites>& sprites, const ShieldPlacement& placement) override {
    // Kept until the kernels that read them are done, even if other sprites are loaded meanwhile.
    sprites_in_use_ = gpu_sprites(sprites);
    composite_shield_gpu(gpu_, *sprites, *sprites_in_use_, placement);
  }
  void finish() override {
    gpu_.download(out_);
    sprites_in_use_.reset();
  }
  bool deferred_output() const override { return true; }

 private:
  GpuFrame gpu_;
  I420Image out_{};
  std::shared_ptr<const GpuSprites> sprites_in_use_;
};

}  // namespace

CudaProbe probe_cuda() {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    int runtime = 0, driver = 0;
    cudaRuntimeGetVersion(&runtime);
    cudaDriverGetVersion(&driver);
    if (driver == 0) return {"no NVIDIA driver (" + cuda_error_text(status) + ")", ""};
    if (driver < runtime) {
      return {"the NVIDIA driver supports CUDA " + version_text(driver) + ", this library's runtime needs " +
                  version_text(runtime) + " (" + cuda_error_text(status) + ")",
              ""};
    }
    return {"no usable CUDA device (" + cuda_error_text(status) + ")", ""};
  }
  if (count == 0) return {"no CUDA device", ""};
  cudaDeviceProp properties{};
  if (cudaGetDeviceProperties(&properties, 0) != cudaSuccess) return {"cannot read CUDA device 0's properties", ""};
  const std::string device = std::string(properties.name) + ", compute capability " + std::to_string(properties.major) +
                             "." + std::to_string(properties.minor);
  const cudaError_t loadable = gpu_kernels_loadable();
  if (loadable != cudaSuccess) {
    return {"this library's kernels cannot run on " + device + " (" + cuda_error_text(loadable) +
                "): rebuild with its architecture in -Dcuda.arch",
            device};
  }
  try {
    if (cv::cuda::getCudaEnabledDeviceCount() < 1) {
      return {"the OpenCV in this process has no CUDA support (it needs org.bytedeco:opencv's linux-x86_64-gpu "
              "libraries) or sees no device",
              device};
    }
    const std::vector<cv::dnn::Target> targets = cv::dnn::getAvailableTargets(cv::dnn::DNN_BACKEND_CUDA);
    if (std::find(targets.begin(), targets.end(), cv::dnn::DNN_TARGET_CUDA) == targets.end()) {
      return {"OpenCV's DNN module has no CUDA target for " + device, device};
    }
  } catch (const cv::Exception& e) {
    return {std::string("OpenCV's CUDA support fails: ") + e.what(), device};
  }
  return {"", device};
}

std::unique_ptr<PixelBackend> make_cuda_pixel_backend() { return std::make_unique<CudaPixelBackend>(); }

}  // namespace magicshield
