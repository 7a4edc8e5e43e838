#include "transpose_conv_bias_layer.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <string>
#include <vector>

#include <opencv2/core/utility.hpp>
#include <opencv2/dnn/all_layers.hpp>
#include <opencv2/dnn/layer.hpp>

namespace magicshield {
namespace {

int same_padding(int in, int kernel, int stride) { return std::max(0, kernel - (in - 1) % stride - 1); }

class TransposeConvBiasLayer : public cv::dnn::Layer {
 public:
  TransposeConvBiasLayer(const cv::dnn::LayerParams& params, int stride_h, int stride_w, bool same)
      : Layer(params), stride_h_(stride_h), stride_w_(stride_w), same_(same) {
    // Not "Deconvolution": OpenCV's fusion code would take a layer of that type to be its own.
    type = "TransposeConvBias";
    // OpenCV's layout: in_channels x out_channels x kernel_h x kernel_w.
    const cv::Mat& w = blobs[0];
    in_channels_ = w.size[0];
    out_channels_ = w.size[1];
    kernel_h_ = w.size[2];
    kernel_w_ = w.size[3];
    weights_ = w.reshape(1, in_channels_).clone();  // row ic: oc, ky, kx
    bias_.assign(static_cast<std::size_t>(out_channels_), 0.f);
    if (blobs.size() > 1) {
      const cv::Mat b = blobs[1].reshape(1, 1);
      for (int oc = 0; oc < out_channels_; ++oc) bias_[static_cast<std::size_t>(oc)] = b.at<float>(oc);
    }
  }

  bool getMemoryShapes(const std::vector<cv::dnn::MatShape>& inputs, const int, std::vector<cv::dnn::MatShape>& outputs,
                       std::vector<cv::dnn::MatShape>&) const override {
    CV_Assert(inputs.size() == 1 && inputs[0].size() == 4 && inputs[0][1] == in_channels_);
    outputs.assign(1,
                   {inputs[0][0], out_channels_, transpose_conv_output_size(inputs[0][2], kernel_h_, stride_h_, same_),
                    transpose_conv_output_size(inputs[0][3], kernel_w_, stride_w_, same_)});
    return false;
  }

  bool setActivation(const cv::Ptr<cv::dnn::ActivationLayer>& layer) override {
    if (!sigmoid_ && layer.dynamicCast<cv::dnn::SigmoidLayer>()) {
      sigmoid_ = true;
      return true;
    }
    return false;
  }

  void forward(cv::InputArrayOfArrays inputs_arr, cv::OutputArrayOfArrays outputs_arr,
               cv::OutputArrayOfArrays) override {
    std::vector<cv::Mat> inputs, outputs;
    inputs_arr.getMatVector(inputs);
    outputs_arr.getMatVector(outputs);
    const cv::Mat& in = inputs[0];
    cv::Mat& out = outputs[0];
    const int batch = in.size[0], in_h = in.size[2], in_w = in.size[3];
    const int out_h = out.size[2], out_w = out.size[3];
    const int pad_top = same_ ? same_padding(in_h, kernel_h_, stride_h_) / 2 : 0;
    const int pad_left = same_ ? same_padding(in_w, kernel_w_, stride_w_) / 2 : 0;
    const std::size_t in_plane = static_cast<std::size_t>(in_h) * in_w;
    const std::size_t out_plane = static_cast<std::size_t>(out_h) * out_w;
    cv::parallel_for_(cv::Range(0, batch * out_channels_), [&](const cv::Range& range) {
      std::vector<float> row(static_cast<std::size_t>(in_w));
      for (int p = range.start; p < range.end; ++p) {
        const int n = p / out_channels_, oc = p % out_channels_;
        const float* src = in.ptr<float>() + static_cast<std::size_t>(n) * in_channels_ * in_plane;
        float* dst = out.ptr<float>() + static_cast<std::size_t>(p) * out_plane;
        std::fill(dst, dst + out_plane, bias_[static_cast<std::size_t>(oc)]);
        // Each input pixel adds its channels' sum, weighted per kernel tap, to one output pixel per tap: for one tap
        // and input row, a weighted sum of channel rows (contiguous, vectorised), then scattered at the stride.
        for (int ky = 0; ky < kernel_h_; ++ky) {
          for (int kx = 0; kx < kernel_w_; ++kx) {
            const int tap = (oc * kernel_h_ + ky) * kernel_w_ + kx;
            for (int iy = 0; iy < in_h; ++iy) {
              const int oy = iy * stride_h_ - pad_top + ky;
              if (oy < 0 || oy >= out_h) continue;
              std::fill(row.begin(), row.end(), 0.f);
              for (int ic = 0; ic < in_channels_; ++ic) {
                const float w = weights_.at<float>(ic, tap);
                const float* s = src + ic * in_plane + static_cast<std::size_t>(iy) * in_w;
                for (int ix = 0; ix < in_w; ++ix) row[static_cast<std::size_t>(ix)] += w * s[ix];
              }
              float* d = dst + static_cast<std::size_t>(oy) * out_w;
              for (int ix = 0; ix < in_w; ++ix) {
                const int ox = ix * stride_w_ - pad_left + kx;
                if (ox >= 0 && ox < out_w) d[ox] += row[static_cast<std::size_t>(ix)];
              }
            }
          }
        }
        if (sigmoid_) {
          // OpenCV's vectorised exp: a scalar std::exp loop took half the layer's time.
          cv::Mat values(1, static_cast<int>(out_plane), CV_32F, dst);
          cv::exp(-values, values);
          values = 1.f / (1.f + values);
        }
      }
    });
  }

 private:
  int stride_h_, stride_w_;
  bool same_;
  int in_channels_ = 0, out_channels_ = 0, kernel_h_ = 0, kernel_w_ = 0;
  cv::Mat weights_;  // in_channels x (out_channels * kernel_h * kernel_w)
  std::vector<float> bias_;
  bool sigmoid_ = false;
};

// Takes what the importer makes of Convolution2DTransposeBias (and of TFLite's TRANSPOSE_CONV): one group, float
// weights, SAME or VALID padding, no dilation. Anything else is OpenCV's.
cv::Ptr<cv::dnn::Layer> create_deconvolution(cv::dnn::LayerParams& params) {
  const std::string pad_mode = params.get<std::string>("pad_mode", "");
  const bool ours = params.blobs.size() >= 1 && params.blobs[0].dims == 4 && params.blobs[0].type() == CV_32F &&
                    params.get<int>("group", 1) == 1 &&
                    params.get<int>("dilation_h", params.get<int>("dilation", 1)) == 1 &&
                    params.get<int>("dilation_w", params.get<int>("dilation", 1)) == 1 &&
                    (pad_mode == "SAME" || pad_mode == "VALID") &&
                    (params.blobs.size() < 2 || static_cast<int>(params.blobs[1].total()) == params.blobs[0].size[1]);
  const int stride_h = params.get<int>("stride_h", params.get<int>("stride", 1));
  const int stride_w = params.get<int>("stride_w", params.get<int>("stride", 1));
  if (ours && stride_h >= 1 && stride_w >= 1) {
    return cv::makePtr<TransposeConvBiasLayer>(params, stride_h, stride_w, pad_mode == "SAME");
  }
  return cv::dnn::DeconvolutionLayer::create(params);
}

}  // namespace

int transpose_conv_output_size(int in, int kernel, int stride, bool same) {
  return stride * (in - 1) + kernel - (same ? same_padding(in, kernel, stride) : 0);
}

void register_transpose_conv_bias_layer() {
  static std::once_flag once;
  std::call_once(once, [] { cv::dnn::LayerFactory::registerLayer("Deconvolution", create_deconvolution); });
}

}  // namespace magicshield
