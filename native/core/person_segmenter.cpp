#include "person_segmenter.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include <opencv2/imgproc.hpp>

#include "model_store.h"

namespace magicshield {

SegmentationInput segmentation_input(ModelKind kind) {
  switch (kind) {
    case ModelKind::kSegmentationGeneral: return {256, 256};
    case ModelKind::kSegmentationLandscape: return {256, 144};
    default: throw std::invalid_argument(std::string(model_name(kind)) + " is not a segmentation model");
  }
}

cv::Mat mask_image(const PersonMask& mask, int width, int height) {
  const cv::Mat probability(mask.height, mask.width, CV_32F, const_cast<float*>(mask.probability.data()));
  cv::Mat small, full;
  probability.convertTo(small, CV_8U, 255.0);
  cv::resize(small, full, cv::Size(width, height), 0, 0, cv::INTER_LINEAR);
  return full;
}

PersonSegmenter::PersonSegmenter(ModelKind kind, TensorSampler sample)
    : kind_(kind), input_(segmentation_input(kind)), sample_(std::move(sample)), tflite_(tflite_engine().networks) {
  tensor_.resize(static_cast<std::size_t>(3) * input_.width * input_.height);
}

RotatedRect PersonSegmenter::whole_frame(const I420View& frame) const {
  // The ROI that is the whole frame: its corners are the frame's, so the tensor is the frame stretched.
  const float width = static_cast<float>(frame.width), height = static_cast<float>(frame.height);
  return {width * 0.5f, height * 0.5f, width, height, 0.f};
}

PersonMask PersonSegmenter::run(const I420View& frame, bool mirror) {
  if (!tflite_) return infer(input(frame, mirror).data());
  const TfliteNetworks::Lease net = tflite_->take(kind_);
  sample_(frame, mirror, whole_frame(frame), input_.width, input_.height, Border::kReplicate, TensorLayout::kNhwc,
          net->input(input_.width, input_.height));
  net->invoke();
  std::size_t count = 0;
  const float* out = net->output(0, &count);
  return mask_of(out, count);
}

const std::vector<float>& PersonSegmenter::input(const I420View& frame, bool mirror) {
  sample_(frame, mirror, whole_frame(frame), input_.width, input_.height, Border::kReplicate, TensorLayout::kNchw,
          tensor_.data());
  return tensor_;
}

PersonMask PersonSegmenter::infer(const float* nchw) {
  if (tflite_) {
    const TfliteNetworks::Lease net = tflite_->take(kind_);
    nchw_to_nhwc(nchw, input_.width * input_.height, net->input(input_.width, input_.height));
    net->invoke();
    std::size_t count = 0;
    const float* out = net->output(0, &count);
    return mask_of(out, count);
  }
  NetLease net = ModelStore::instance().lease(kind_);
  const std::vector<cv::Mat> outputs = net.forward(nchw, input_.width, input_.height);
  const cv::Mat& out = outputs.at(0);
  return out.type() == CV_32F ? mask_of(out.ptr<float>(), out.total()) : mask_of(nullptr, 0);
}

PersonMask PersonSegmenter::mask_of(const float* probability, std::size_t count) const {
  const std::size_t pixels = static_cast<std::size_t>(input_.width) * input_.height;
  if (count != pixels) {
    throw std::runtime_error(std::string("model ") + model_name(kind_) + " gave an output of " + std::to_string(count) +
                             " values, not one per input pixel");
  }
  PersonMask mask{input_.width, input_.height, std::vector<float>(probability, probability + count)};
  // The sigmoid's output, kept in range against rounding.
  for (float& p : mask.probability) p = std::clamp(p, 0.f, 1.f);
  return mask;
}

}  // namespace magicshield
