// Still images and frame folders in and out of I420, for the CLI.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "i420.h"

namespace magicshield::cli {

// An I420 frame that owns its planes (tightly packed).
struct I420Buffer {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> y, u, v;

  I420Buffer() = default;
  I420Buffer(int w, int h);
  I420Image image();
  I420View view() const;
};

// The image files (.jpg, .jpeg, .png) in `dir`, in natural order (frame_2 before frame_10).
std::vector<std::string> list_images(const std::string& dir);

// Reads a colour image; throws std::runtime_error naming the file when it cannot.
cv::Mat read_bgr(const std::string& path);

// BT.601 limited range, any width and height (odd ones included).
I420Buffer bgr_to_i420(const cv::Mat& bgr);
cv::Mat i420_to_bgr(const I420View& frame);

void write_image(const std::string& path, const cv::Mat& bgr);

std::string file_name(const std::string& path);

}  // namespace magicshield::cli
