// Synthetic shield sprites as PNG bytes, made in the test with OpenCV (cv::imencode takes BGRA order).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "shield_sprites.h"

namespace mstest {

inline std::vector<std::uint8_t> png_bytes(const cv::Mat& image) {
  std::vector<std::uint8_t> bytes;
  if (!cv::imencode(".png", image, bytes)) throw std::runtime_error("test: cv::imencode failed");
  return bytes;
}

// A size x size sprite of one colour, RGB order, with alpha `a`.
inline cv::Mat uniform_rgba(int size, int r, int g, int b, int a) {
  return cv::Mat(size, size, CV_8UC4, cv::Scalar(b, g, r, a));
}

// A shield-like sprite: an opaque disc of one colour (RGB) filling the square, transparent outside it.
inline cv::Mat disc_rgba(int size, int r, int g, int b) {
  cv::Mat m(size, size, CV_8UC4, cv::Scalar(0, 0, 0, 0));
  const float half = 0.5f * static_cast<float>(size);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      const float dx = static_cast<float>(x) + 0.5f - half, dy = static_cast<float>(y) + 0.5f - half;
      if (dx * dx + dy * dy < half * half)
        m.at<cv::Vec4b>(y, x) =
            cv::Vec4b(static_cast<std::uint8_t>(b), static_cast<std::uint8_t>(g), static_cast<std::uint8_t>(r), 255);
    }
  return m;
}

// Left half one colour, right half another (both opaque): shows which way a ring turned.
inline cv::Mat split_rgba(int size, cv::Vec3i left_rgb, cv::Vec3i right_rgb) {
  cv::Mat m(size, size, CV_8UC4);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      const cv::Vec3i c = x < size / 2 ? left_rgb : right_rgb;
      m.at<cv::Vec4b>(y, x) = cv::Vec4b(static_cast<std::uint8_t>(c[2]), static_cast<std::uint8_t>(c[1]),
                                        static_cast<std::uint8_t>(c[0]), 255);
    }
  return m;
}

inline magicshield::ShieldSprites sprites_from(const cv::Mat& clockwise, const cv::Mat& counter) {
  const auto a = png_bytes(clockwise);
  const auto b = png_bytes(counter);
  return magicshield::ShieldSprites::decode(a.data(), a.size(), b.data(), b.size());
}

}  // namespace mstest
