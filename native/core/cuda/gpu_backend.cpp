#include "gpu_backend.h"

#include <algorithm>
#include <string>
#include <vector>

#include <opencv2/core/cuda.hpp>
#include <opencv2/dnn.hpp>

#include "compute_backend.h"
#include "gpu_compositor.h"
#include "gpu_frame.h"
#include "gpu_model_input.h"
#include "landmark_overlay.h"
#include "line_renderer.h"
#include "resampled_copy.h"

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
    in_width_ = in.width;
    in_height_ = in.height;
    strokes_.clear();
    gpu_.upload(in, mirror);
  }
  void sample_tensor(const I420View& frame, bool mirror, const RotatedRect& roi, int out_width, int out_height,
                     Border border, TensorLayout layout, float* tensor) override {
    if (layout == TensorLayout::kNchw) {
      sample_tensor_gpu(gpu_, frame, mirror, roi, out_width, out_height, border, tensor);
      return;
    }
    // The kernel writes planes, OpenCV DNN's layout and this backend's engine; a TFLite input (NHWC) on this
    // backend is interleaved here, on the host.
    thread_local std::vector<float> planes;
    planes.resize(static_cast<std::size_t>(3) * out_width * out_height);
    sample_tensor_gpu(gpu_, frame, mirror, roi, out_width, out_height, border, planes.data());
    nchw_to_nhwc(planes.data(), out_width * out_height, tensor);
  }
  // The background is the CPU's work too, on a host copy of the device frame (before any shield is drawn).
  void composite_background(const PersonMask& person, Background mode,
                            const std::shared_ptr<const BackgroundScene>& scene) override {
    background_.composite(gpu_.pull_output(), person, mode, scene);
    gpu_.push_output();
  }
  // Lines and the overlay are the CPU's strokes, drawn on a host copy of the device frame: before the next shield
  // (two more copies, only on frames with strokes under a shield) or after the download.
  void draw_hand_lines(const Landmarks& landmarks) override { strokes_.push_back({landmarks, false}); }
  void draw_landmark_overlay(const Landmarks& landmarks) override { strokes_.push_back({landmarks, true}); }
  void draw_shield(const std::shared_ptr<const ShieldSprites>& sprites, const ShieldPlacement& placement) override {
    if (!strokes_.empty()) {
      draw_strokes(gpu_.pull_output());
      gpu_.push_output();
    }
    // Kept until the kernels that read them are done, even if other sprites are loaded meanwhile.
    sprites_in_use_ = gpu_sprites(sprites);
    composite_shield_gpu(gpu_, *sprites, *sprites_in_use_, placement);
  }
  // A smaller output is resampled on the host from the full-size download: the device frame stays at the input's
  // size, where the models and the shields work, and so do the strokes.
  void finish() override {
    if (out_.width == in_width_ && out_.height == in_height_) {
      gpu_.download(out_);
      draw_strokes(out_);
    } else {
      const int cw = (in_width_ + 1) / 2, ch = (in_height_ + 1) / 2;
      full_.resize(static_cast<std::size_t>(in_width_) * in_height_ + 2 * static_cast<std::size_t>(cw) * ch);
      std::uint8_t* y = full_.data();
      std::uint8_t* u = y + static_cast<std::size_t>(in_width_) * in_height_;
      std::uint8_t* v = u + static_cast<std::size_t>(cw) * ch;
      const I420Image full{y, in_width_, u, cw, v, cw, in_width_, in_height_};
      gpu_.download(full);
      draw_strokes(full);
      resample_i420(full.view(), out_, false);
    }
    sprites_in_use_.reset();
  }

 private:
  struct Strokes {
    Landmarks landmarks;
    bool overlay;  // the landmark overlay, else hand lines
  };

  // The strokes asked for since the last shield, in order, on a frame of the input's size.
  void draw_strokes(const I420Image& frame) {
    for (const Strokes& s : strokes_) {
      if (s.overlay) {
        magicshield::draw_landmark_overlay(frame, s.landmarks);
      } else {
        magicshield::draw_hand_lines(frame, s.landmarks, 1.f);
      }
    }
    strokes_.clear();
  }

  GpuFrame gpu_;
  I420Image out_{};
  int in_width_ = 0;
  int in_height_ = 0;
  std::vector<std::uint8_t> full_;
  std::vector<Strokes> strokes_;
  std::shared_ptr<const GpuSprites> sprites_in_use_;
  BackgroundCompositor background_;
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
      return {
          "the OpenCV in this process has no CUDA support (it needs org.bytedeco:opencv's linux-x86_64-gpu "
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
