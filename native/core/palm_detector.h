// Palm detection stage (MediaPipe palm_detection_cpu.pbtxt): letterbox the frame to 192x192, run the SSD
// model, decode boxes and keypoints against the anchors, blend overlaps by weighted NMS, undo the letterbox.
#pragma once

#include <vector>

#include "i420.h"
#include "model_input.h"
#include "model_store.h"
#include "palm_detection.h"
#include "ssd_anchors.h"

namespace magicshield {

constexpr int kPalmInputSize = 192;
constexpr int kPalmValuesPerAnchor = 18;  // box (cx, cy, w, h) + 7 keypoints (x, y)

// Decodes the raw model outputs (regressors N x 18, logits N) into detections normalised to the model input,
// keeping those whose sigmoid score reaches `min_score`.
std::vector<PalmDetection> decode_palms(const float* regressors, const float* logits,
                                        const std::vector<Anchor>& anchors, float min_score);

// Detections in frame pixels from the model's raw outputs on a letterboxed frame: decoding, weighted NMS, and the
// letterbox undone. Best first.
std::vector<PalmDetection> palms_in_frame(const float* regressors, const float* logits,
                                          const std::vector<Anchor>& anchors, float min_score, const Letterbox& box,
                                          int width, int height);

class PalmDetector {
 public:
  // `sample` makes the model input (the CPU's sample_rgb_tensor, or the CUDA path's).
  explicit PalmDetector(ModelKind kind, TensorSampler sample = sample_rgb_tensor);
  // Palms in pixels of the frame as the model sees it (mirrored when `mirror`), best first.
  std::vector<PalmDetection> detect(const I420View& frame, bool mirror, float min_score);

 private:
  ModelKind kind_;
  TensorSampler sample_;
  std::vector<Anchor> anchors_;
  std::vector<float> input_;
};

}  // namespace magicshield
