// The real models behind the tracker: MediaPipe's palm detector and landmark model for one model complexity, their
// inputs sampled by the frame pass's pixel backend.
#pragma once

#include <vector>

#include "hand_landmarker.h"
#include "hand_tracker.h"
#include "model_input.h"
#include "palm_detector.h"

namespace magicshield {

class OpenCvHandModels final : public HandModels {
 public:
  OpenCvHandModels(int complexity, const TensorSampler& sample);

  std::vector<PalmDetection> detect_palms(const I420View& frame, bool mirror, float min_score) override;
  HandLandmarks landmarks(const I420View& frame, bool mirror, const RotatedRect& roi) override;
  std::vector<HandLandmarks> landmarks_for(const I420View& frame, bool mirror,
                                           const std::vector<RotatedRect>& rois) override;

 private:
  PalmDetector palm_;
  HandLandmarker landmarker_;
};

}  // namespace magicshield
