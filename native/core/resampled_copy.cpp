#include "resampled_copy.h"

#include <cstdint>
#include <cstdlib>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace magicshield {
namespace {

cv::Mat plane(const std::uint8_t* data, int stride, int width, int height) {
  return cv::Mat(height, width, CV_8UC1, const_cast<std::uint8_t*>(data), static_cast<std::size_t>(stride));
}

void resample_plane(const std::uint8_t* src, int src_stride, int width, int height, std::uint8_t* dst, int dst_stride,
                    int out_width, int out_height) {
  cv::resize(plane(src, src_stride, width, height), plane(dst, dst_stride, out_width, out_height),
             cv::Size(out_width, out_height), 0, 0, cv::INTER_AREA);
}

}  // namespace

bool valid_output_size(int width, int height, int out_width, int out_height) {
  if (out_width < 2 || out_height < 2 || out_width > width || out_height > height) return false;
  // out_height / out_width == height / width, up to rounding each side to whole pixels (an error of at most one
  // pixel a side moves the cross product by at most width + height)
  const long long cross = static_cast<long long>(out_width) * height - static_cast<long long>(out_height) * width;
  return std::llabs(cross) <= static_cast<long long>(width) + height;
}

void resample_i420(const I420View& in, const I420Image& out, bool mirror) {
  if (out.width == in.width && out.height == in.height) {
    copy_i420(in, out, mirror);
    return;
  }
  // Mirroring needs a second buffer: resample into one kept per thread (a frame worker's), then mirror into the
  // output with copy_i420's vectorised rows.
  thread_local std::vector<std::uint8_t> scratch;
  I420Image target = out;
  if (mirror) {
    const int cw = out.chroma_width(), ch = out.chroma_height();
    scratch.resize(static_cast<std::size_t>(out.width) * out.height + 2 * static_cast<std::size_t>(cw) * ch);
    std::uint8_t* y = scratch.data();
    std::uint8_t* u = y + static_cast<std::size_t>(out.width) * out.height;
    std::uint8_t* v = u + static_cast<std::size_t>(cw) * ch;
    target = I420Image{y, out.width, u, cw, v, cw, out.width, out.height};
  }
  resample_plane(in.y, in.stride_y, in.width, in.height, target.y, target.stride_y, out.width, out.height);
  resample_plane(in.u, in.stride_u, in.chroma_width(), in.chroma_height(), target.u, target.stride_u,
                 out.chroma_width(), out.chroma_height());
  resample_plane(in.v, in.stride_v, in.chroma_width(), in.chroma_height(), target.v, target.stride_v,
                 out.chroma_width(), out.chroma_height());
  if (mirror) copy_i420(target.view(), out, true);
}

}  // namespace magicshield
