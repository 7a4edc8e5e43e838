// Photos as the frame pass sees them: BT.601 limited-range I420, as a browser's camera track delivers frames.
#pragma once

#include <opencv2/core.hpp>

#include "i420.h"
#include "i420_buffer.h"

namespace mstest {

// BT.601 limited range, chroma from the mean of each 2x2 block (odd sizes included).
inline GuardedI420 to_i420(const cv::Mat& bgr) {
  GuardedI420 f(bgr.cols, bgr.rows);
  for (int y = 0; y < bgr.rows; ++y)
    for (int x = 0; x < bgr.cols; ++x) {
      const cv::Vec3b p = bgr.at<cv::Vec3b>(y, x);
      f.Y(x, y) = magicshield::rgb_to_yuv(p[2], p[1], p[0]).y;
    }
  for (int y = 0; y < f.chroma_height(); ++y)
    for (int x = 0; x < f.chroma_width(); ++x) {
      float r = 0, g = 0, b = 0;
      int n = 0;
      for (int dy = 0; dy < 2; ++dy)
        for (int dx = 0; dx < 2; ++dx) {
          const int sx = 2 * x + dx, sy = 2 * y + dy;
          if (sx >= bgr.cols || sy >= bgr.rows) continue;
          const cv::Vec3b p = bgr.at<cv::Vec3b>(sy, sx);
          b += p[0];
          g += p[1];
          r += p[2];
          ++n;
        }
      const magicshield::Yuv c = magicshield::rgb_to_yuv(r / n, g / n, b / n);
      f.U(x, y) = c.u;
      f.V(x, y) = c.v;
    }
  return f;
}

}  // namespace mstest
