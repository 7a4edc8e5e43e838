#include "pixel_backend.h"

#include <stdexcept>

#ifdef MAGICSHIELD_CUDA
#include "cuda/gpu_backend.h"
#endif

namespace magicshield {
namespace {

class CpuPixelBackend final : public PixelBackend {
 public:
  void copy(const I420View& in, const I420Image& out, bool mirror) override {
    out_ = out;
    copy_i420(in, out, mirror);
  }
  void sample_tensor(const I420View& frame, bool mirror, const RotatedRect& roi, int out_width, int out_height,
                     Border border, float* nchw) override {
    sample_rgb_tensor(frame, mirror, roi, out_width, out_height, border, nchw);
  }
  void draw_shield(const std::shared_ptr<const ShieldSprites>& sprites, const ShieldPlacement& placement) override {
    magicshield::draw_shield(out_, *sprites, placement);
  }
  void finish() override {}
  bool deferred_output() const override { return false; }

 private:
  I420Image out_{};
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
