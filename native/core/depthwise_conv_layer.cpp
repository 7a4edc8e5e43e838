#include "depthwise_conv_layer.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <mutex>
#include <vector>

#include <opencv2/core/utility.hpp>
#include <opencv2/dnn/all_layers.hpp>
#include <opencv2/dnn/layer.hpp>

namespace magicshield {
namespace {

constexpr int kK = 5;  // kernel size handled here
constexpr int kTaps = kK * kK;
constexpr int kLanes = 16;  // one AVX-512 register, two AVX2 ones

using Vec = float __attribute__((vector_size(kLanes * sizeof(float))));

// By reference rather than returned: a vector return value would have a different ABI in each clone.
inline __attribute__((always_inline)) void load(Vec& v, const float* p) { std::memcpy(&v, p, sizeof v); }

// Two output rows of one channel at once (stride 1 or 2), so each input row vector loaded feeds both:
// out0 = act(bias + sum w[ky][kx] * in[ky][x*S + kx]), out1 likewise S input rows further down.
// `rows` are the padded input rows from the first row out0 reads; `col[kx]` is where tap kx starts in a row
// (for stride 2 rows are stored even columns first, then odd ones, so every tap reads contiguously).
template <int S>
inline __attribute__((always_inline)) void depthwise_two_rows(const float* const* rows, const int* col, const float* w,
                                                              float bias, float lo, float hi, float* out0, float* out1,
                                                              int width) {
  const Vec vlo = Vec{} + lo, vhi = Vec{} + hi;
  for (int x = 0; x < width; x += kLanes) {
    Vec acc0 = Vec{} + bias, acc1 = acc0;
#pragma GCC unroll 7
    for (int r = 0; r < kK + S; ++r) {
#pragma GCC unroll 5
      for (int kx = 0; kx < kK; ++kx) {
        Vec in;
        load(in, rows[r] + col[kx] + x);
        if (r < kK) acc0 += w[r * kK + kx] * in;
        if (r >= S) acc1 += w[(r - S) * kK + kx] * in;
      }
    }
    acc0 = acc0 < vlo ? vlo : acc0;
    acc0 = acc0 > vhi ? vhi : acc0;
    acc1 = acc1 < vlo ? vlo : acc1;
    acc1 = acc1 > vhi ? vhi : acc1;
    std::memcpy(out0 + x, &acc0, sizeof acc0);
    std::memcpy(out1 + x, &acc1, sizeof acc1);
  }
}

// The kernels, built for AVX-512 and AVX2 beside a generic version; the loader picks one for this CPU.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define MAGICSHIELD_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define MAGICSHIELD_VECTOR_CLONES
#endif

MAGICSHIELD_VECTOR_CLONES
void depthwise_rows_stride1(const float* const* rows, const int* col, const float* w, float bias, float lo, float hi,
                            float* out0, float* out1, int width) {
  depthwise_two_rows<1>(rows, col, w, bias, lo, hi, out0, out1, width);
}

MAGICSHIELD_VECTOR_CLONES
void depthwise_rows_stride2(const float* const* rows, const int* col, const float* w, float bias, float lo, float hi,
                            float* out0, float* out1, int width) {
  depthwise_two_rows<2>(rows, col, w, bias, lo, hi, out0, out1, width);
}

int round_up(int v, int m) { return (v + m - 1) / m * m; }

class DepthwiseConv5x5Layer : public cv::dnn::Layer {
 public:
  DepthwiseConv5x5Layer(const cv::dnn::LayerParams& params, int stride, bool same_padding)
      : Layer(params), stride_(stride), same_(same_padding) {
    // Not "Convolution": OpenCV's fusion code takes a layer of that type to be its own ConvolutionLayer.
    type = "DepthwiseConv5x5";
    channels_ = blobs[0].size[0];
    weights_ = blobs[0].reshape(1, channels_).clone();
    bias_ = blobs.size() > 1 ? blobs[1].reshape(1, 1).clone() : cv::Mat::zeros(1, channels_, CV_32F);
  }

  bool getMemoryShapes(const std::vector<cv::dnn::MatShape>& inputs, const int, std::vector<cv::dnn::MatShape>& outputs,
                       std::vector<cv::dnn::MatShape>&) const override {
    CV_Assert(inputs.size() == 1 && inputs[0].size() == 4 && inputs[0][1] == channels_);
    outputs.assign(1, {inputs[0][0], channels_, out_size(inputs[0][2]), out_size(inputs[0][3])});
    return false;
  }

  // A following ReLU6 (or plain ReLU) is applied in the kernel's clamp instead of as a separate pass.
  bool setActivation(const cv::Ptr<cv::dnn::ActivationLayer>& layer) override {
    if (auto relu6 = layer.dynamicCast<cv::dnn::ReLU6Layer>()) {
      lo_ = std::max(lo_, relu6->minValue);
      hi_ = std::min(hi_, relu6->maxValue);
      return true;
    }
    if (auto relu = layer.dynamicCast<cv::dnn::ReLULayer>(); relu && relu->negativeSlope == 0.f) {
      lo_ = std::max(lo_, 0.f);
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
    const int batch = in.size[0], height = in.size[2], width = in.size[3];
    const int out_h = out.size[2], out_w = out.size[3];
    const int pad_top = pad_before(height, out_h), pad_left = pad_before(width, out_w);
    const int planes = batch * channels_;
    cv::parallel_for_(cv::Range(0, planes), [&](const cv::Range& range) {
      Scratch scratch;
      for (int p = range.start; p < range.end; ++p) {
        const int c = p % channels_;
        run_plane(in.ptr<float>() + static_cast<std::size_t>(p) * height * width, height, width,
                  out.ptr<float>() + static_cast<std::size_t>(p) * out_h * out_w, out_h, out_w, pad_top, pad_left,
                  weights_.ptr<float>(c), bias_.at<float>(c), scratch);
      }
    });
  }

 private:
  struct Scratch {
    std::vector<float> padded;      // the input plane with zero borders; for stride 2, even then odd columns per row
    std::vector<float> out0, out1;  // two output rows, rounded up to whole vectors
  };

  int out_size(int in) const { return same_ ? (in + stride_ - 1) / stride_ : (in - kK) / stride_ + 1; }

  // SAME padding puts the odd pixel at the end, as TensorFlow does.
  int pad_before(int in, int out) const {
    if (!same_) return 0;
    return std::max(0, (out - 1) * stride_ + kK - in) / 2;
  }

  void run_plane(const float* in, int height, int width, float* out, int out_h, int out_w, int pad_top, int pad_left,
                 const float* weight, float bias, Scratch& s) const {
    // Padded rows hold every input column an output vector can read: stride * (out_w rounded up) + kernel.
    const int row_len = stride_ * round_up(out_w, kLanes) + kK + kLanes;
    // Rows for an even number of output rows (the kernel makes two at a time), plus the kernel's reach.
    const int rows = (round_up(out_h, 2) - 1) * stride_ + kK;
    s.padded.assign(static_cast<std::size_t>(rows) * row_len, 0.f);
    s.out0.resize(static_cast<std::size_t>(round_up(out_w, kLanes)));
    s.out1.resize(s.out0.size());
    const int half = row_len / 2;
    for (int y = 0; y < height; ++y) {
      const int r = y + pad_top;
      if (r >= rows) break;
      const float* src = in + static_cast<std::size_t>(y) * width;
      float* dst = s.padded.data() + static_cast<std::size_t>(r) * row_len;
      if (stride_ == 1) {
        std::copy(src, src + std::min(width, row_len - pad_left), dst + pad_left);
      } else {
        // Column c goes to c / 2 if even, to half + c / 2 if odd.
        for (int x = pad_left % 2; x < width && (x + pad_left) / 2 < half; x += 2) dst[(x + pad_left) / 2] = src[x];
        for (int x = 1 - pad_left % 2; x < width && (x + pad_left) / 2 < half; x += 2)
          dst[half + (x + pad_left) / 2] = src[x];
      }
    }
    int col[kK];
    for (int kx = 0; kx < kK; ++kx) col[kx] = stride_ == 1 ? kx : (kx % 2 == 0 ? kx / 2 : half + kx / 2);
    const float* row_ptrs[kK + 2];
    for (int oy = 0; oy < out_h; oy += 2) {
      for (int r = 0; r < kK + stride_; ++r) {
        row_ptrs[r] = s.padded.data() + static_cast<std::size_t>(oy * stride_ + r) * row_len;
      }
      if (stride_ == 1) {
        depthwise_rows_stride1(row_ptrs, col, weight, bias, lo_, hi_, s.out0.data(), s.out1.data(), out_w);
      } else {
        depthwise_rows_stride2(row_ptrs, col, weight, bias, lo_, hi_, s.out0.data(), s.out1.data(), out_w);
      }
      std::copy(s.out0.begin(), s.out0.begin() + out_w, out + static_cast<std::size_t>(oy) * out_w);
      if (oy + 1 < out_h)
        std::copy(s.out1.begin(), s.out1.begin() + out_w, out + static_cast<std::size_t>(oy + 1) * out_w);
    }
  }

  int stride_;
  bool same_;
  int channels_ = 0;
  cv::Mat weights_;  // channels x 25
  cv::Mat bias_;     // 1 x channels
  float lo_ = -std::numeric_limits<float>::max();
  float hi_ = std::numeric_limits<float>::max();
};

// Takes the convolutions this layer does better (depthwise, 5x5, stride 1 or 2, no dilation, SAME or VALID
// padding, float weights); every other one gets OpenCV's own layer.
cv::Ptr<cv::dnn::Layer> create_convolution(cv::dnn::LayerParams& params) {
  const bool depthwise_5x5 = params.blobs.size() >= 1 && params.blobs[0].dims == 4 &&
                             params.blobs[0].type() == CV_32F && params.blobs[0].size[1] == 1 &&
                             params.blobs[0].size[2] == kK && params.blobs[0].size[3] == kK &&
                             params.get<int>("group", 1) == params.blobs[0].size[0] && params.blobs[0].size[0] > 1;
  const int stride_w = params.get<int>("stride_w", params.get<int>("stride", 1));
  const int stride_h = params.get<int>("stride_h", params.get<int>("stride", 1));
  const bool undilated = params.get<int>("dilation_w", params.get<int>("dilation", 1)) == 1 &&
                         params.get<int>("dilation_h", params.get<int>("dilation", 1)) == 1;
  const std::string pad_mode = params.get<std::string>("pad_mode", "");
  if (depthwise_5x5 && undilated && stride_w == stride_h && (stride_w == 1 || stride_w == 2) &&
      (pad_mode == "SAME" || pad_mode == "VALID")) {
    return cv::makePtr<DepthwiseConv5x5Layer>(params, stride_w, pad_mode == "SAME");
  }
  return cv::dnn::ConvolutionLayer::create(params);
}

}  // namespace

void register_fast_layers() {
  static std::once_flag once;
  std::call_once(once, [] { cv::dnn::LayerFactory::registerLayer("Convolution", create_convolution); });
}

}  // namespace magicshield
