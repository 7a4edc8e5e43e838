#include "inference_thread.h"

namespace magicshield {

void FrameCopy::assign(const I420View& frame) {
  const int cw = frame.chroma_width();
  const std::size_t luma = static_cast<std::size_t>(frame.width) * frame.height;
  const std::size_t chroma = static_cast<std::size_t>(cw) * frame.chroma_height();
  pixels_.resize(luma + 2 * chroma);
  std::uint8_t* y = pixels_.data();
  std::uint8_t* u = y + luma;
  std::uint8_t* v = u + chroma;
  copy_i420(frame, {y, frame.width, u, cw, v, cw, frame.width, frame.height}, false);
  view_ = {y, frame.width, u, cw, v, cw, frame.width, frame.height};
}

}  // namespace magicshield
