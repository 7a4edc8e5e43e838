#include "pixel_backend.h"

#include <stdexcept>

#include "landmark_overlay.h"
#include "line_renderer.h"
#include "resampled_copy.h"

#ifdef MAGICSHIELD_CUDA
#include "cuda/gpu_backend.h"
#endif

namespace magicshield {
namespace {

class CpuPixelBackend final : public PixelBackend {
 public:
  void copy(const I420View& in, const I420Image& out, bool mirror) override {
    out_ = out;
    scale_ = static_cast<float>(out.width) / static_cast<float>(in.width);
    resample_i420(in, out, mirror);
  }
  void sample_tensor(const I420View& frame, bool mirror, const RotatedRect& roi, int out_width, int out_height,
                     Border border, TensorLayout layout, float* tensor) override {
    sample_rgb_tensor(frame, mirror, roi, out_width, out_height, border, layout, tensor);
  }
  void composite_background(const PersonMask& person, Background mode,
                            const std::shared_ptr<const BackgroundScene>& scene) override {
    background_.composite(out_, person, mode, scene);
  }
  void draw_hand_lines(const Landmarks& landmarks) override {
    magicshield::draw_hand_lines(out_, on_output(landmarks), 1.f);
  }
  void draw_shield(const std::shared_ptr<const ShieldSprites>& sprites, const ShieldPlacement& placement) override {
    ShieldPlacement scaled = placement;
    scaled.centre = {placement.centre.x * scale_, placement.centre.y * scale_};
    scaled.diameter = placement.diameter * scale_;
    magicshield::draw_shield(out_, *sprites, scaled);
  }
  void draw_landmark_overlay(const Landmarks& landmarks) override {
    magicshield::draw_landmark_overlay(out_, on_output(landmarks));
  }
  void finish() override {}

 private:
  Landmarks on_output(const Landmarks& landmarks) const {
    Landmarks scaled = landmarks;
    for (Landmark& l : scaled) {
      l.x *= scale_;
      l.y *= scale_;
    }
    return scaled;
  }

  I420Image out_{};
  float scale_ = 1.f;  // output pixels per input pixel
  BackgroundCompositor background_;
};

}  // namespace

std::unique_ptr<PixelBackend> make_pixel_backend(ComputeBackend backend) {
  if (backend == ComputeBackend::kCpu) return std::make_unique<CpuPixelBackend>();
#ifdef MAGICSHIELD_CUDA
  return make_cuda_pixel_backend();
#else
  throw std::logic_error("this library was built without CUDA");
#endif
}

}  // namespace magicshield
