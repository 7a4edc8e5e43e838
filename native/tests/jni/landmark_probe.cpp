#include "landmark_probe.h"

#include <stdexcept>
#include <string>
#include <vector>

#include "hand_landmarker.h"
#include "hand_roi.h"
#include "model_store.h"
#include "palm_detector.h"

namespace magicshield {

struct LandmarkProbe::Impl {
  explicit Impl(int complexity) : palm(palm_model(complexity)), landmarker(landmark_model(complexity)) {}
  PalmDetector palm;
  HandLandmarker landmarker;
  std::vector<std::uint8_t> y, u, v;
  I420View frame{};
  std::vector<RotatedRect> rois;
};

LandmarkProbe::LandmarkProbe(int complexity) {
  if (complexity != 0 && complexity != 1) throw std::invalid_argument("complexity must be 0 (lite) or 1 (full)");
  impl_ = std::make_unique<Impl>(complexity);
}

LandmarkProbe::~LandmarkProbe() = default;

int LandmarkProbe::detect(const std::uint8_t* y, int stride_y, const std::uint8_t* u, int stride_u,
                          const std::uint8_t* v, int stride_v, int width, int height) {
  if (!y || !u || !v || width < 2 || height < 2) throw std::invalid_argument("bad frame");
  const int cw = (width + 1) / 2, ch = (height + 1) / 2;
  if (stride_y < width || stride_u < cw || stride_v < cw) throw std::invalid_argument("a stride is too small");
  Impl& d = *impl_;
  auto copy = [](const std::uint8_t* src, int stride, int w, int h, std::vector<std::uint8_t>& dst) {
    dst.resize(static_cast<std::size_t>(w) * h);
    for (int r = 0; r < h; ++r)
      std::copy(src + static_cast<std::ptrdiff_t>(r) * stride, src + static_cast<std::ptrdiff_t>(r) * stride + w,
                dst.data() + static_cast<std::size_t>(r) * w);
  };
  copy(y, stride_y, width, height, d.y);
  copy(u, stride_u, cw, ch, d.u);
  copy(v, stride_v, cw, ch, d.v);
  d.frame = {d.y.data(), width, d.u.data(), cw, d.v.data(), cw, width, height};
  d.rois.clear();
  for (const PalmDetection& palm : d.palm.detect(d.frame, false, 0.5f)) d.rois.push_back(roi_from_palm(palm));
  return static_cast<int>(d.rois.size());
}

void LandmarkProbe::crop(int index, float* nchw) {
  Impl& d = *impl_;
  if (index < 0 || index >= static_cast<int>(d.rois.size())) {
    throw std::out_of_range("no ROI " + std::to_string(index) + " (detect found " + std::to_string(d.rois.size()) +
                            ")");
  }
  if (nchw == nullptr) throw std::invalid_argument("output tensor is null");
  d.landmarker.crop(d.frame, false, d.rois[index], TensorLayout::kNchw, nchw);
}

void LandmarkProbe::infer(const float* nchw, float* out) {
  if (nchw == nullptr || out == nullptr) throw std::invalid_argument("tensor is null");
  const LandmarkModelOutput r = impl_->landmarker.infer(nchw);
  std::copy(r.landmarks, r.landmarks + kNumLandmarks * 3, out);
  out[kNumLandmarks * 3] = r.presence;
  out[kNumLandmarks * 3 + 1] = 1.f - r.handedness;
}

}  // namespace magicshield
