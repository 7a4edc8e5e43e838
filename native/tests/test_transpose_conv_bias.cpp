// Our layer for MediaPipe's custom op Convolution2DTransposeBias (transpose_conv_bias_layer.h) against the op as
// MediaPipe's reference kernel defines it (mediapipe/util/tflite/operations/transpose_conv_bias.cc), written out
// below from that definition in its own NHWC / OHWI layout: output side, padding cut at the top left, bias, and the
// fused sigmoid, for the models' own case (2x2, stride 2, SAME) and others (odd sides, 3x3, VALID, 2 outputs).
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>

#include "test_harness.h"
#include "transpose_conv_bias_layer.h"

using namespace magicshield;

namespace {

struct Case {
  int in_h, in_w, in_c, out_c, k_h, k_w, stride_h, stride_w;
  bool same;
};

struct Tensors {
  std::vector<float> input;    // NHWC, batch 1
  std::vector<float> weights;  // OHWI, TFLite's layout of the op's weights
  std::vector<float> bias;
};

Tensors random_tensors(const Case& c, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> value(-1.f, 1.f);
  Tensors t;
  t.input.resize(static_cast<std::size_t>(c.in_h) * c.in_w * c.in_c);
  t.weights.resize(static_cast<std::size_t>(c.out_c) * c.k_h * c.k_w * c.in_c);
  t.bias.resize(static_cast<std::size_t>(c.out_c));
  for (float& v : t.input) v = value(rng);
  for (float& v : t.weights) v = value(rng);
  for (float& v : t.bias) v = value(rng);
  return t;
}

// MediaPipe's Prepare() and Eval(): output NHWC.
std::vector<float> reference(const Case& c, const Tensors& t, int& out_h, int& out_w) {
  const int pad_h = c.same ? std::max(0, c.k_h - (c.in_h - 1) % c.stride_h - 1) : 0;
  const int pad_w = c.same ? std::max(0, c.k_w - (c.in_w - 1) % c.stride_w - 1) : 0;
  out_h = c.stride_h * (c.in_h - 1) + c.k_h - pad_h;
  out_w = c.stride_w * (c.in_w - 1) + c.k_w - pad_w;
  std::vector<float> out(static_cast<std::size_t>(out_h) * out_w * c.out_c);
  for (int y = 0; y < out_h; ++y)
    for (int x = 0; x < out_w; ++x)
      for (int o = 0; o < c.out_c; ++o) out[(static_cast<std::size_t>(y) * out_w + x) * c.out_c + o] = t.bias[o];
  for (int iy = 0; iy < c.in_h; ++iy)
    for (int ix = 0; ix < c.in_w; ++ix)
      for (int ic = 0; ic < c.in_c; ++ic)
        for (int fy = 0; fy < c.k_h; ++fy)
          for (int fx = 0; fx < c.k_w; ++fx)
            for (int o = 0; o < c.out_c; ++o) {
              const int oy = iy * c.stride_h - pad_h / 2 + fy, ox = ix * c.stride_w - pad_w / 2 + fx;
              if (oy < 0 || oy >= out_h || ox < 0 || ox >= out_w) continue;
              out[(static_cast<std::size_t>(oy) * out_w + ox) * c.out_c + o] +=
                  t.input[(static_cast<std::size_t>(iy) * c.in_w + ix) * c.in_c + ic] *
                  t.weights[((static_cast<std::size_t>(o) * c.k_h + fy) * c.k_w + fx) * c.in_c + ic];
            }
  return out;
}

// The op as OpenCV's TFLite importer hands it to a layer: "Deconvolution", weights in_c x out_c x k_h x k_w.
cv::dnn::LayerParams importer_params(const Case& c, const Tensors& t) {
  cv::dnn::LayerParams p;
  p.name = "segment";
  p.type = "Deconvolution";
  p.set("kernel_h", c.k_h);
  p.set("kernel_w", c.k_w);
  p.set("stride_h", c.stride_h);
  p.set("stride_w", c.stride_w);
  p.set("num_output", c.out_c);
  p.set("pad_mode", c.same ? "SAME" : "VALID");
  const int wshape[] = {c.in_c, c.out_c, c.k_h, c.k_w};
  cv::Mat w(4, wshape, CV_32F);
  for (int ic = 0; ic < c.in_c; ++ic)
    for (int o = 0; o < c.out_c; ++o)
      for (int fy = 0; fy < c.k_h; ++fy)
        for (int fx = 0; fx < c.k_w; ++fx) {
          const int idx[] = {ic, o, fy, fx};
          w.at<float>(idx) = t.weights[((static_cast<std::size_t>(o) * c.k_h + fy) * c.k_w + fx) * c.in_c + ic];
        }
  p.blobs.push_back(w);
  p.blobs.push_back(cv::Mat(1, c.out_c, CV_32F, const_cast<float*>(t.bias.data())).clone());
  return p;
}

// A network of our layer (and a sigmoid after it, which it takes in), run on the input: output NCHW.
cv::Mat run_layer(const Case& c, const Tensors& t, bool sigmoid) {
  register_transpose_conv_bias_layer();
  cv::dnn::Net net;
  cv::dnn::LayerParams params = importer_params(c, t);
  net.addLayerToPrev(params.name, params.type, params);
  if (sigmoid) {
    cv::dnn::LayerParams s;
    net.addLayerToPrev("sigmoid", "Sigmoid", s);
  }
  net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  const int shape[] = {1, c.in_c, c.in_h, c.in_w};
  cv::Mat blob(4, shape, CV_32F);
  for (int ic = 0; ic < c.in_c; ++ic)
    for (int y = 0; y < c.in_h; ++y)
      for (int x = 0; x < c.in_w; ++x) {
        const int idx[] = {0, ic, y, x};
        blob.at<float>(idx) = t.input[(static_cast<std::size_t>(y) * c.in_w + x) * c.in_c + ic];
      }
  net.setInput(blob);
  return net.forward().clone();
}

void check_case(const Case& c, bool sigmoid) {
  const Tensors t = random_tensors(c, 7u + static_cast<unsigned>(c.in_h * 31 + c.k_w));
  int out_h = 0, out_w = 0;
  const std::vector<float> want = reference(c, t, out_h, out_w);
  const cv::Mat got = run_layer(c, t, sigmoid);
  REQUIRE_EQ(got.dims, 4);
  REQUIRE_EQ(got.size[1], c.out_c);
  REQUIRE_EQ(got.size[2], out_h);
  REQUIRE_EQ(got.size[3], out_w);
  CHECK_EQ(transpose_conv_output_size(c.in_h, c.k_h, c.stride_h, c.same), out_h);
  double worst = 0.0;
  for (int o = 0; o < c.out_c; ++o)
    for (int y = 0; y < out_h; ++y)
      for (int x = 0; x < out_w; ++x) {
        const int idx[] = {0, o, y, x};
        float w = want[(static_cast<std::size_t>(y) * out_w + x) * c.out_c + o];
        if (sigmoid) w = 1.f / (1.f + std::exp(-w));
        worst = std::max(worst, static_cast<double>(std::fabs(got.at<float>(idx) - w)));
      }
  CHECK(worst <= 1e-5);
  if (worst > 1e-5) std::printf("  largest difference %g\n", worst);
}

}  // namespace

TEST(transpose_conv_bias, the_models_case_2x2_stride_2_same) {
  // selfie_segmentation_landscape: 16 channels of 72x128 to one of 144x256.
  check_case({72, 128, 16, 1, 2, 2, 2, 2, true}, false);
  check_case({9, 13, 16, 1, 2, 2, 2, 2, true}, true);  // odd sides: SAME pads nothing, the output is 2 x input
}

TEST(transpose_conv_bias, odd_kernels_valid_padding_and_several_outputs) {
  check_case({6, 7, 3, 2, 3, 3, 2, 2, true}, false);   // SAME cuts one pixel at the top left of each side
  check_case({5, 8, 4, 2, 3, 3, 2, 2, true}, false);   // even width: SAME pads nothing there
  check_case({4, 5, 3, 2, 4, 3, 2, 1, false}, false);  // VALID, unequal strides and kernel sides
  check_case({5, 5, 2, 3, 3, 3, 1, 1, true}, true);    // stride 1 SAME: the input's size
}

TEST(transpose_conv_bias, output_size_follows_mediapipe) {
  CHECK_EQ(transpose_conv_output_size(128, 2, 2, true), 256);
  CHECK_EQ(transpose_conv_output_size(7, 3, 2, true), 13);  // 2 * 6 + 3, less SAME padding max(0, 3 - 6 % 2 - 1)
  CHECK_EQ(transpose_conv_output_size(7, 3, 2, false), 15);
  CHECK_EQ(transpose_conv_output_size(5, 3, 1, true), 5);
}

TEST(transpose_conv_bias, other_deconvolutions_stay_opencvs) {
  register_transpose_conv_bias_layer();
  cv::dnn::LayerParams p =
      importer_params({4, 4, 2, 2, 3, 3, 2, 2, true}, random_tensors({4, 4, 2, 2, 3, 3, 2, 2, true}, 1));
  p.set("group", 2);
  const cv::Ptr<cv::dnn::Layer> layer = cv::dnn::LayerFactory::createLayerInstance("Deconvolution", p);
  REQUIRE(!layer.empty());
  CHECK(layer->type != "TransposeConvBias");
}
