#include "i420.h"

#include <algorithm>
#include <cstring>

namespace magicshield {
namespace {

void copy_plane(const std::uint8_t* src, int src_stride, std::uint8_t* dst, int dst_stride, int width, int height,
                bool mirror) {
  for (int y = 0; y < height; ++y) {
    const std::uint8_t* s = src + static_cast<std::ptrdiff_t>(y) * src_stride;
    std::uint8_t* d = dst + static_cast<std::ptrdiff_t>(y) * dst_stride;
    if (mirror) {
      std::reverse_copy(s, s + width, d);
    } else {
      std::memcpy(d, s, static_cast<std::size_t>(width));
    }
  }
}

}  // namespace

void copy_i420(const I420View& in, const I420Image& out, bool mirror) {
  copy_plane(in.y, in.stride_y, out.y, out.stride_y, in.width, in.height, mirror);
  copy_plane(in.u, in.stride_u, out.u, out.stride_u, in.chroma_width(), in.chroma_height(), mirror);
  copy_plane(in.v, in.stride_v, out.v, out.stride_v, in.chroma_width(), in.chroma_height(), mirror);
}

}  // namespace magicshield
