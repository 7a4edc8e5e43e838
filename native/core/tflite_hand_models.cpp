#include "tflite_hand_models.h"

#include <stdexcept>

#include "model_store.h"
#include "palm_detector.h"

namespace magicshield {

TfliteHandModels::TfliteHandModels(int complexity, const TensorSampler& sample, const TfliteEngineChoice& engine)
    : sample_(sample), crop_(landmark_model(complexity), sample), networks_(engine.networks),
      palm_(palm_model(complexity)), landmark_(landmark_model(complexity)),
      anchors_(generate_ssd_anchors(SsdAnchorOptions{})) {}

std::vector<PalmDetection> TfliteHandModels::detect_palms(const I420View& frame, bool mirror, float min_score) {
  const Letterbox box = letterbox_for(frame.width, frame.height);
  // The letterbox goes straight into the interpreter's input: no tensor of ours, no copy.
  const TfliteNetworks::Lease palm = networks_->take(palm_);
  sample_(frame, mirror, box.roi, kPalmInputSize, kPalmInputSize, Border::kZero, TensorLayout::kNhwc,
          palm->input(kPalmInputSize, kPalmInputSize));
  palm->invoke();
  std::size_t boxes = 0, scores = 0;
  const float* regressors = palm->output(0, &boxes);
  const float* logits = palm->output(1, &scores);
  if (boxes != anchors_.size() * kPalmValuesPerAnchor || scores != anchors_.size()) {
    throw std::runtime_error("palm detection model has unexpected outputs (expected 2016x18 and 2016x1)");
  }
  return palms_in_frame(regressors, logits, anchors_, min_score, box, frame.width, frame.height);
}

HandLandmarks TfliteHandModels::landmarks(const I420View& frame, bool mirror, const RotatedRect& roi) {
  const TfliteNetworks::Lease network = networks_->take(landmark_);
  crop_.crop(frame, mirror, roi, TensorLayout::kNhwc, network->input(kLandmarkInputSize, kLandmarkInputSize));
  network->invoke();
  std::size_t n = 0;
  const float* points = network->output(0, &n);
  if (n != kNumLandmarks * 3) throw std::runtime_error("landmark model has unexpected outputs (expected 63 values)");
  HandLandmarks result;
  result.landmarks = project_landmarks(points, roi);
  result.presence = *network->output(1, &n);
  // TFLite's output is the probability of a right hand as the crop shows it; MediaPipe's "Right" assumes a
  // mirrored view, so it is the complement (as HandLandmarker::infer).
  result.handedness = 1.f - *network->output(2, &n);
  return result;
}

}  // namespace magicshield
