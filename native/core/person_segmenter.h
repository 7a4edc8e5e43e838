// Person segmentation: MediaPipe's selfie segmentation models on the core's inference engine (TFLite with XNNPACK,
// which takes their custom Convolution2DTransposeBias op itself, or OpenCV DNN with our layers), fed as MediaPipe's
// selfie segmentation graph feeds them: the whole frame stretched to the model's input (no letterbox, bilinear),
// RGB in [0, 1]. The result is the model's output, the person probability per model pixel.
#pragma once

#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "i420.h"
#include "magicshield/magicshield.h"
#include "model_input.h"
#include "tflite_runtime.h"

namespace magicshield {

// A probability map of `width` x `height` model pixels, row-major, in [0, 1].
struct PersonMask {
  int width = 0;
  int height = 0;
  std::vector<float> probability;
};

struct SegmentationInput {
  int width;
  int height;
};
// The input size of a segmentation model kind (std::invalid_argument for a hand model).
SegmentationInput segmentation_input(ModelKind kind);

// The mask as MediaPipe hands it over: round(255 x probability) at model resolution, scaled bilinearly to
// width x height; 8-bit, one channel.
cv::Mat mask_image(const PersonMask& mask, int width, int height);

class PersonSegmenter {
 public:
  // On the engine chosen when it is made (tflite_engine()); its networks are shared by all sessions on either.
  PersonSegmenter(ModelKind kind, TensorSampler sample);

  ModelKind kind() const { return kind_; }
  SegmentationInput input_size() const { return input_; }
  // The mask of the frame as the output shows it (mirrored when `mirror`): infer(input(frame, mirror)), except that on
  // TFLite the input is sampled straight into the interpreter's input tensor (NHWC), not into a tensor of ours.
  PersonMask run(const I420View& frame, bool mirror);
  // The model's input for the frame: 1x3xHxW, RGB in [0, 1], the whole frame stretched.
  const std::vector<float>& input(const I420View& frame, bool mirror);
  // The model on a 1x3xHxW input tensor of input_size().
  PersonMask infer(const float* nchw);

 private:
  RotatedRect whole_frame(const I420View& frame) const;
  PersonMask mask_of(const float* probability, std::size_t count) const;

  ModelKind kind_;
  SegmentationInput input_;
  TensorSampler sample_;
  std::vector<float> tensor_;
  std::shared_ptr<TfliteNetworks> tflite_;  // null: OpenCV DNN
};

}  // namespace magicshield
