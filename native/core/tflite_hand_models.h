// The hand models on TFLite with XNNPACK (tflite_runtime.h): the same stages as OpenCvHandModels (letterbox,
// decoding, NMS; crop and projection), another engine between them. The interpreters are the engine's, shared by
// every session (TfliteNetworks).
#pragma once

#include <memory>
#include <vector>

#include "hand_landmarker.h"
#include "hand_tracker.h"
#include "model_input.h"
#include "ssd_anchors.h"
#include "tflite_runtime.h"

namespace magicshield {

class TfliteHandModels final : public HandModels {
 public:
  TfliteHandModels(int complexity, const TensorSampler& sample, const TfliteEngineChoice& engine);

  std::vector<PalmDetection> detect_palms(const I420View& frame, bool mirror, float min_score) override;
  HandLandmarks landmarks(const I420View& frame, bool mirror, const RotatedRect& roi) override;

 private:
  TensorSampler sample_;
  HandLandmarker crop_;  // its crop alone: the landmark network is ours
  std::shared_ptr<TfliteNetworks> networks_;
  ModelKind palm_;
  ModelKind landmark_;
  std::vector<Anchor> anchors_;
};

}  // namespace magicshield
