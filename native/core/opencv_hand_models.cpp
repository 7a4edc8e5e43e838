#include "opencv_hand_models.h"

#include <exception>

#include <opencv2/core/utility.hpp>

#include "compute_backend.h"
#include "model_store.h"

namespace magicshield {

OpenCvHandModels::OpenCvHandModels(int complexity, const TensorSampler& sample)
    : palm_(palm_model(complexity), sample), landmarker_(landmark_model(complexity), sample) {}

std::vector<PalmDetection> OpenCvHandModels::detect_palms(const I420View& frame, bool mirror, float min_score) {
  return palm_.detect(frame, mirror, min_score);
}

HandLandmarks OpenCvHandModels::landmarks(const I420View& frame, bool mirror, const RotatedRect& roi) {
  return landmarker_.run(frame, mirror, roi);
}

// Several hands on the CPU run side by side, one per core: a 224 crop keeps two OpenCV threads only partly busy,
// two single-threaded inferences keep both. (OpenCV runs the networks' own parallel loops sequentially inside this
// one.) The GPU path's sampler works on one stream, so it stays one hand after another.
std::vector<HandLandmarks> OpenCvHandModels::landmarks_for(const I420View& frame, bool mirror,
                                                           const std::vector<RotatedRect>& rois) {
  if (rois.size() < 2 || current_backend() != ComputeBackend::kCpu) {
    return HandModels::landmarks_for(frame, mirror, rois);
  }
  std::vector<HandLandmarks> out(rois.size());
  std::vector<std::exception_ptr> failures(rois.size());
  cv::parallel_for_(cv::Range(0, static_cast<int>(rois.size())), [&](const cv::Range& range) {
    for (int i = range.start; i < range.end; ++i) {
      try {
        out[i] = landmarker_.run(frame, mirror, rois[i]);
      } catch (...) {
        failures[i] = std::current_exception();
      }
    }
  });
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
  return out;
}

}  // namespace magicshield
