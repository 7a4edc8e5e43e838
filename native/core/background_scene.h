// The `scene` background: our own generated artwork (assets/, a sanctum at dusk), decoded once per process and
// kept as RGB; each frame pass turns it into I420 at its output size once (background_compositor.h).
#pragma once

#include <cstdint>
#include <memory>

#include <opencv2/core.hpp>

namespace magicshield {

struct BackgroundScene {
  cv::Mat bgr;  // 8-bit, 3 channels

  // From PNG or JPEG bytes, at least 16 x 16 and at most 8192 on a side. Throws std::invalid_argument with the
  // reason.
  static BackgroundScene decode(const std::uint8_t* data, std::size_t size);

  // The process-wide scene, or null before one was loaded.
  static std::shared_ptr<const BackgroundScene> current();
  static void set_current(std::shared_ptr<const BackgroundScene> scene);
};

}  // namespace magicshield
