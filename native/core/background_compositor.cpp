#include "background_compositor.h"

#include <algorithm>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

namespace magicshield {
namespace {

cv::Mat plane(std::uint8_t* data, int stride, int width, int height) {
  return cv::Mat(height, width, CV_8U, data, static_cast<std::size_t>(stride));
}

// out = (person * a + background * (255 - a)) / 255, rounded, on one plane.
void blend(cv::Mat& person, const cv::Mat& background, const cv::Mat& alpha) {
  for (int y = 0; y < person.rows; ++y) {
    std::uint8_t* p = person.ptr<std::uint8_t>(y);
    const std::uint8_t* b = background.ptr<std::uint8_t>(y);
    const std::uint8_t* a = alpha.ptr<std::uint8_t>(y);
    for (int x = 0; x < person.cols; ++x) {
      const unsigned v = p[x] * a[x] + b[x] * (255u - a[x]) + 128u;
      p[x] = static_cast<std::uint8_t>((v + (v >> 8)) >> 8);  // v / 255, exact for v < 65536
    }
  }
}

// The blur's strength: a Gaussian of this sigma on an eighth-size copy, about 12 px of the full frame (at 640x480 a
// face's features are gone, a shelf's outline stays). The same blur on a quarter-size copy made the whole blur
// compositing 1.05 ms instead of 0.76 ms at 640x480, and looked no different after the bilinear upscale.
constexpr int kBlurDownscale = 8;
constexpr double kBlurSigma = 1.5;
// The mask's feather: a 3x3 Gaussian at model resolution, about 6 px at 640x480 from the 256x144 model, on top of
// the bilinear upscale.
constexpr double kFeatherSigma = 0.8;

}  // namespace

void BackgroundCompositor::composite(const I420Image& frame, const PersonMask& mask, Background mode,
                                     const std::shared_ptr<const BackgroundScene>& scene) {
  const cv::Mat probability(mask.height, mask.width, CV_32F, const_cast<float*>(mask.probability.data()));
  probability.convertTo(alpha_, CV_8U, 255.0);
  cv::GaussianBlur(alpha_, alpha_, cv::Size(3, 3), kFeatherSigma, kFeatherSigma, cv::BORDER_REPLICATE);
  cv::resize(alpha_, alpha_y_, cv::Size(frame.width, frame.height), 0, 0, cv::INTER_LINEAR);
  cv::resize(alpha_, alpha_uv_, cv::Size(frame.chroma_width(), frame.chroma_height()), 0, 0, cv::INTER_LINEAR);

  if (mode == Background::kScene || mode == Background::kImage) {
    scene_background(frame, scene);
  } else {
    blurred_background(frame, probability);
  }
  cv::Mat y = plane(frame.y, frame.stride_y, frame.width, frame.height);
  cv::Mat u = plane(frame.u, frame.stride_u, frame.chroma_width(), frame.chroma_height());
  cv::Mat v = plane(frame.v, frame.stride_v, frame.chroma_width(), frame.chroma_height());
  blend(y, planes_[0], alpha_y_);
  blend(u, planes_[1], alpha_uv_);
  blend(v, planes_[2], alpha_uv_);
}

// The frame blurred without the person: the person's pixels are weighted out of the blur (a normalised
// convolution), so no halo of their colours spreads into the background around them.
void BackgroundCompositor::blurred_background(const I420Image& frame, const cv::Mat& person) {
  scene_ = nullptr;  // planes_ no longer hold it
  const cv::Mat sources[3] = {plane(frame.y, frame.stride_y, frame.width, frame.height),
                              plane(frame.u, frame.stride_u, frame.chroma_width(), frame.chroma_height()),
                              plane(frame.v, frame.stride_v, frame.chroma_width(), frame.chroma_height())};
  for (int i = 0; i < 3; ++i) {
    const cv::Size full = sources[i].size();
    const cv::Size small(std::max(1, full.width / kBlurDownscale), std::max(1, full.height / kBlurDownscale));
    cv::Mat pixels, weight;
    cv::resize(sources[i], pixels, small, 0, 0, cv::INTER_AREA);
    pixels.convertTo(pixels, CV_32F);
    cv::resize(person, weight, small, 0, 0, cv::INTER_AREA);
    weight = 1.f - weight;
    cv::Mat weighted = pixels.mul(weight);
    cv::GaussianBlur(weighted, weighted, cv::Size(0, 0), kBlurSigma, kBlurSigma, cv::BORDER_REPLICATE);
    cv::GaussianBlur(weight, weight, cv::Size(0, 0), kBlurSigma, kBlurSigma, cv::BORDER_REPLICATE);
    cv::GaussianBlur(pixels, pixels, cv::Size(0, 0), kBlurSigma, kBlurSigma, cv::BORDER_REPLICATE);
    // Where the person covers the whole neighbourhood, the plain blur.
    for (int r = 0; r < small.height; ++r) {
      float* p = pixels.ptr<float>(r);
      const float* s = weighted.ptr<float>(r);
      const float* w = weight.ptr<float>(r);
      for (int c = 0; c < small.width; ++c) {
        if (w[c] > 0.05f) p[c] = s[c] / w[c];
      }
    }
    pixels.convertTo(pixels, CV_8U);
    cv::resize(pixels, planes_[i], full, 0, 0, cv::INTER_LINEAR);
  }
}

void BackgroundCompositor::scene_background(const I420Image& frame,
                                            const std::shared_ptr<const BackgroundScene>& scene) {
  if (!scene) throw std::runtime_error("no background scene is loaded");
  const cv::Size size(frame.width, frame.height);
  if (scene == scene_ && size == scene_size_) return;
  // Cover the frame keeping the scene's aspect: scale to fill, then cut the middle.
  const cv::Mat& src = scene->bgr;
  const double scale =
      std::max(static_cast<double>(size.width) / src.cols, static_cast<double>(size.height) / src.rows);
  const cv::Size scaled(std::max(size.width, static_cast<int>(src.cols * scale + 0.5)),
                        std::max(size.height, static_cast<int>(src.rows * scale + 0.5)));
  cv::Mat resized;
  cv::resize(src, resized, scaled, 0, 0, scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
  const cv::Mat cover =
      resized(cv::Rect((scaled.width - size.width) / 2, (scaled.height - size.height) / 2, size.width, size.height));
  planes_[0].create(size, CV_8U);
  const cv::Size chroma(frame.chroma_width(), frame.chroma_height());
  planes_[1].create(chroma, CV_8U);
  planes_[2].create(chroma, CV_8U);
  for (int y = 0; y < size.height; ++y) {
    const cv::Vec3b* row = cover.ptr<cv::Vec3b>(y);
    for (int x = 0; x < size.width; ++x) {
      planes_[0].at<std::uint8_t>(y, x) = rgb_to_yuv(row[x][2], row[x][1], row[x][0]).y;
    }
  }
  // Chroma from each 2x2 block's mean colour, as an I420 encoder takes it.
  cv::Mat half;
  cv::resize(cover, half, chroma, 0, 0, cv::INTER_AREA);
  for (int y = 0; y < chroma.height; ++y) {
    const cv::Vec3b* row = half.ptr<cv::Vec3b>(y);
    for (int x = 0; x < chroma.width; ++x) {
      const Yuv yuv = rgb_to_yuv(row[x][2], row[x][1], row[x][0]);
      planes_[1].at<std::uint8_t>(y, x) = yuv.u;
      planes_[2].at<std::uint8_t>(y, x) = yuv.v;
    }
  }
  scene_ = scene;
  scene_size_ = size;
}

}  // namespace magicshield
