#include "hand_landmarker.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "model_input.h"

namespace magicshield {
namespace {

constexpr float kZNormalisation = 0.4f;

float sigmoid(float x) { return 1.f / (1.f + std::exp(-x)); }

// The dense layer behind output `name`: either the output itself or the layer feeding its activation.
DenseLayer dense_layer_of(cv::dnn::Net& net, const std::string& name, std::string* features) {
  const int id = net.getLayerId(name);
  if (id < 0) throw std::runtime_error("landmark model has no output " + name);
  cv::Ptr<cv::dnn::Layer> layer = net.getLayer(id);
  if (layer->type != "Gemm" && layer->type != "InnerProduct") {
    const auto inputs = net.getLayerInputs(id);
    if (inputs.size() != 1) throw std::runtime_error("landmark model output " + name + " is not a dense head");
    layer = inputs[0];
  }
  const auto inputs = net.getLayerInputs(net.getLayerId(layer->name));
  if (layer->blobs.size() != 2 || inputs.size() != 1) {
    throw std::runtime_error("landmark model output " + name + " is not a dense layer with a bias");
  }
  if (features->empty()) *features = inputs[0]->name;
  if (*features != inputs[0]->name) throw std::runtime_error("landmark model heads read different features");
  DenseLayer dense;
  layer->blobs[0].convertTo(dense.weights, CV_32F);
  layer->blobs[1].convertTo(dense.bias, CV_32F);
  dense.weights = dense.weights.reshape(1, static_cast<int>(dense.bias.total()));
  return dense;
}

}  // namespace

void DenseLayer::apply(const float* in, int in_size, float* out) const {
  if (weights.cols != in_size)
    throw std::runtime_error("dense head expects " + std::to_string(weights.cols) + " features");
  const float* b = bias.ptr<float>();
  for (int r = 0; r < weights.rows; ++r) {
    const float* w = weights.ptr<float>(r);
    float sum = b[r];
    for (int k = 0; k < in_size; ++k) sum += w[k] * in[k];
    out[r] = sum;
  }
}

LandmarkHeads LandmarkHeads::read(cv::dnn::Net& net) {
  LandmarkHeads heads;
  heads.landmarks = dense_layer_of(net, "Identity", &heads.features_layer);
  heads.presence = dense_layer_of(net, "Identity_1", &heads.features_layer);
  heads.handedness = dense_layer_of(net, "Identity_2", &heads.features_layer);
  if (heads.landmarks.weights.rows != kNumLandmarks * 3 || heads.presence.weights.rows != 1 ||
      heads.handedness.weights.rows != 1) {
    throw std::runtime_error("landmark model heads have unexpected sizes (expected 63, 1, 1)");
  }
  return heads;
}

Landmarks project_landmarks(const float* crop, const RotatedRect& roi) {
  const float c = std::cos(roi.rotation);
  const float s = std::sin(roi.rotation);
  const float inv = 1.f / static_cast<float>(kLandmarkInputSize);
  Landmarks out;
  for (int i = 0; i < kNumLandmarks; ++i) {
    const float x = crop[3 * i] * inv - 0.5f;
    const float y = crop[3 * i + 1] * inv - 0.5f;
    out[i].x = (c * x - s * y) * roi.width + roi.cx;
    out[i].y = (s * x + c * y) * roi.height + roi.cy;
    out[i].z = crop[3 * i + 2] * inv / kZNormalisation * roi.width;
  }
  return out;
}

HandLandmarker::HandLandmarker(ModelKind kind, TensorSampler sample) : kind_(kind), sample_(std::move(sample)) {}

void HandLandmarker::crop(const I420View& frame, bool mirror, const RotatedRect& roi, TensorLayout layout,
                          float* tensor) const {
  sample_(frame, mirror, roi, kLandmarkInputSize, kLandmarkInputSize, Border::kReplicate, layout, tensor);
}

LandmarkModelOutput HandLandmarker::infer(const float* nchw) {
  cv::Mat features;
  {
    NetLease net = ModelStore::instance().lease(kind_);
    std::call_once(heads_read_, [&] { heads_ = LandmarkHeads::read(net.net()); });
    features = net.forward(nchw, kLandmarkInputSize, {heads_->features_layer})[0];
  }
  if (!features.isContinuous() || features.depth() != CV_32F) features = features.clone();
  const int n = static_cast<int>(features.total());
  const float* f = features.ptr<float>();
  LandmarkModelOutput out;
  float presence = 0.f;
  float handedness = 0.f;
  heads_->landmarks.apply(f, n, out.landmarks);
  heads_->presence.apply(f, n, &presence);
  heads_->handedness.apply(f, n, &handedness);
  out.presence = sigmoid(presence);
  // The raw output is the probability that the crop shows a right hand as it appears. MediaPipe's label assumes
  // a mirrored (selfie) view, so its "Right" is the complement (checked against MediaPipe's own results).
  out.handedness = 1.f - sigmoid(handedness);
  return out;
}

HandLandmarks HandLandmarker::run(const I420View& frame, bool mirror, const RotatedRect& roi) {
  // One input tensor per thread: hands may be run on several threads at once.
  thread_local std::vector<float> input(static_cast<std::size_t>(3) * kLandmarkInputSize * kLandmarkInputSize);
  crop(frame, mirror, roi, TensorLayout::kNchw, input.data());
  const LandmarkModelOutput raw = infer(input.data());
  HandLandmarks result;
  result.landmarks = project_landmarks(raw.landmarks, roi);
  result.presence = raw.presence;
  result.handedness = raw.handedness;
  return result;
}

}  // namespace magicshield
