// Hand landmark stage (MediaPipe hand_landmark_cpu.pbtxt): crop the rotated hand ROI into 224x224 with one
// affine map, run the landmark model, project the 21 landmarks back into the frame.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "geometry.h"
#include "i420.h"
#include "model_input.h"
#include "model_store.h"

namespace magicshield {

constexpr int kLandmarkInputSize = 224;

struct HandLandmarks {
  Landmarks landmarks;     // frame pixels; z on the scale of x
  float presence = 0.f;    // probability that the crop holds a hand
  float handedness = 0.f;  // probability of "Right" in MediaPipe's convention (which assumes a mirrored view)
};

// Landmark model outputs for one crop: 21 x (x, y, z) in crop pixels, presence, handedness as above.
struct LandmarkModelOutput {
  float landmarks[kNumLandmarks * 3];
  float presence;
  float handedness;
};

// Maps landmarks from crop pixels back to the frame through the ROI (MediaPipe's LandmarkProjectionCalculator,
// with z normalised as its TensorsToLandmarksCalculator does: / crop size / 0.4, then times the ROI width).
Landmarks project_landmarks(const float* crop_landmarks, const RotatedRect& roi);

// The model's three dense heads over its pooled features. OpenCV 4.11 holds their weights correctly but computes
// them wrongly (up to 3 px off TFLite on real crops, while every convolution agrees to 1e-5), so we run the network
// up to the pooled features and apply the heads ourselves.
struct DenseLayer {
  cv::Mat weights;  // outputs x inputs, CV_32F
  cv::Mat bias;     // outputs values, CV_32F
  void apply(const float* in, int in_size, float* out) const;
};

struct LandmarkHeads {
  std::string features_layer;  // the pooled features all heads read
  DenseLayer landmarks;        // 63 values
  DenseLayer presence;         // a logit
  DenseLayer handedness;       // a logit
  // Finds them by the model's output names (Identity, Identity_1, Identity_2).
  static LandmarkHeads read(cv::dnn::Net& net);
};

// run() and infer() may be called from several threads at once (one hand each), when the sampler allows it.
class HandLandmarker {
 public:
  // `sample` makes the model input (the CPU's sample_rgb_tensor, or the CUDA path's).
  explicit HandLandmarker(ModelKind kind, TensorSampler sample = sample_rgb_tensor);
  HandLandmarks run(const I420View& frame, bool mirror, const RotatedRect& roi);

  // The two halves of run(), for checking the model against another runtime on identical input.
  void crop(const I420View& frame, bool mirror, const RotatedRect& roi, TensorLayout layout, float* tensor) const;
  LandmarkModelOutput infer(const float* nchw);

 private:
  ModelKind kind_;
  TensorSampler sample_;
  std::once_flag heads_read_;
  std::optional<LandmarkHeads> heads_;  // read from the first network lent to this landmarker
};

}  // namespace magicshield
