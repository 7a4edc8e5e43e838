#include "channel_scale_layer.h"

#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

#include <opencv2/core/utility.hpp>
#include <opencv2/dnn/all_layers.hpp>
#include <opencv2/dnn/layer.hpp>

namespace magicshield {
namespace {

// The product of two 4-D inputs of one batch and channel count, where one of them is the same size as the other or
// holds one value per channel (1x1 planes): out = a * b, per plane.
class ChannelScaleLayer : public cv::dnn::Layer {
 public:
  explicit ChannelScaleLayer(const cv::dnn::LayerParams& params) : Layer(params) { type = "ChannelScale"; }

  bool getMemoryShapes(const std::vector<cv::dnn::MatShape>& inputs, const int, std::vector<cv::dnn::MatShape>& outputs,
                       std::vector<cv::dnn::MatShape>&) const override {
    CV_Assert(inputs.size() == 2 && inputs[0].size() == 4 && inputs[1].size() == 4);
    CV_Assert(inputs[0][0] == inputs[1][0] && inputs[0][1] == inputs[1][1]);
    const bool first_is_map = plane(inputs[0]) >= plane(inputs[1]);
    const cv::dnn::MatShape& map = first_is_map ? inputs[0] : inputs[1];
    const cv::dnn::MatShape& scale = first_is_map ? inputs[1] : inputs[0];
    CV_Assert(plane(scale) == 1 || scale == map);
    outputs.assign(1, map);
    return false;
  }

  void forward(cv::InputArrayOfArrays inputs_arr, cv::OutputArrayOfArrays outputs_arr,
               cv::OutputArrayOfArrays) override {
    std::vector<cv::Mat> inputs, outputs;
    inputs_arr.getMatVector(inputs);
    outputs_arr.getMatVector(outputs);
    const bool first_is_map = inputs[0].total() >= inputs[1].total();
    const cv::Mat& map = first_is_map ? inputs[0] : inputs[1];
    const cv::Mat& scale = first_is_map ? inputs[1] : inputs[0];
    cv::Mat& out = outputs[0];
    const int planes = map.size[0] * map.size[1];
    const std::size_t size = static_cast<std::size_t>(map.size[2]) * map.size[3];
    const bool per_channel = scale.total() == static_cast<std::size_t>(planes);
    cv::parallel_for_(cv::Range(0, planes), [&](const cv::Range& range) {
      for (int p = range.start; p < range.end; ++p) {
        const float* in = map.ptr<float>() + static_cast<std::size_t>(p) * size;
        float* dst = out.ptr<float>() + static_cast<std::size_t>(p) * size;
        if (per_channel) {
          const float s = scale.ptr<float>()[p];
          for (std::size_t i = 0; i < size; ++i) dst[i] = in[i] * s;
        } else {
          const float* s = scale.ptr<float>() + static_cast<std::size_t>(p) * size;
          for (std::size_t i = 0; i < size; ++i) dst[i] = in[i] * s[i];
        }
      }
    });
  }

 private:
  static int plane(const cv::dnn::MatShape& shape) { return shape[2] * shape[3]; }
};

cv::Ptr<cv::dnn::Layer> create_eltwise(cv::dnn::LayerParams& params) {
  const bool plain_product = params.get<std::string>("operation", "sum") == "prod" && !params.has("coeff") &&
                             params.get<std::string>("output_channels_mode", "same") == "same";
  if (plain_product) return cv::makePtr<ChannelScaleLayer>(params);
  return cv::dnn::EltwiseLayer::create(params);
}

}  // namespace

void register_channel_scale_layer() {
  static std::once_flag once;
  std::call_once(once, [] { cv::dnn::LayerFactory::registerLayer("Eltwise", create_eltwise); });
}

}  // namespace magicshield
