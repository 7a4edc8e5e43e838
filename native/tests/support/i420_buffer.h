// An I420 frame for tests whose planes sit inside larger allocations: every plane has a stride wider than its
// width and guard rows above and below, all filled with a guard byte, so a test can prove that nothing was
// written outside the frame (the renderer's clipping, the copy's strides).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "i420.h"

namespace mstest {

class GuardedI420 {
 public:
  static constexpr std::uint8_t kGuard = 0xA5;
  static constexpr int kGuardRows = 3;
  static constexpr int kExtraStride = 13;  // odd on purpose

  GuardedI420(int width, int height)
      : width_(width), height_(height), stride_y_(width + kExtraStride), stride_c_((width + 1) / 2 + kExtraStride),
        y_(static_cast<std::size_t>(stride_y_) * (height + 2 * kGuardRows), kGuard),
        u_(static_cast<std::size_t>(stride_c_) * ((height + 1) / 2 + 2 * kGuardRows), kGuard), v_(u_.size(), kGuard) {}

  int width() const { return width_; }
  int height() const { return height_; }
  int chroma_width() const { return (width_ + 1) / 2; }
  int chroma_height() const { return (height_ + 1) / 2; }

  std::uint8_t* y_plane() { return y_.data() + static_cast<std::size_t>(kGuardRows) * stride_y_; }
  std::uint8_t* u_plane() { return u_.data() + static_cast<std::size_t>(kGuardRows) * stride_c_; }
  std::uint8_t* v_plane() { return v_.data() + static_cast<std::size_t>(kGuardRows) * stride_c_; }
  int stride_y() const { return stride_y_; }
  int stride_c() const { return stride_c_; }

  magicshield::I420Image image() {
    return {y_plane(), stride_y_, u_plane(), stride_c_, v_plane(), stride_c_, width_, height_};
  }
  magicshield::I420View view() { return image().view(); }

  std::uint8_t& Y(int x, int y) { return y_plane()[static_cast<std::size_t>(y) * stride_y_ + x]; }
  std::uint8_t& U(int x, int y) { return u_plane()[static_cast<std::size_t>(y) * stride_c_ + x]; }
  std::uint8_t& V(int x, int y) { return v_plane()[static_cast<std::size_t>(y) * stride_c_ + x]; }

  void fill(std::uint8_t y, std::uint8_t u, std::uint8_t v) {
    for (int r = 0; r < height_; ++r)
      for (int c = 0; c < width_; ++c) Y(c, r) = y;
    for (int r = 0; r < chroma_height(); ++r)
      for (int c = 0; c < chroma_width(); ++c) {
        U(c, r) = u;
        V(c, r) = v;
      }
  }

  // Where a byte outside the three planes' width x height was changed ("" when none was).
  std::string guard_damage() const {
    std::string where = check(y_, stride_y_, width_, height_, "Y");
    if (where.empty()) where = check(u_, stride_c_, (width_ + 1) / 2, (height_ + 1) / 2, "U");
    if (where.empty()) where = check(v_, stride_c_, (width_ + 1) / 2, (height_ + 1) / 2, "V");
    return where;
  }

  // Same content (inside the frame) as another buffer of the same size.
  bool same_pixels(GuardedI420& o) {
    for (int r = 0; r < height_; ++r)
      for (int c = 0; c < width_; ++c)
        if (Y(c, r) != o.Y(c, r)) return false;
    for (int r = 0; r < chroma_height(); ++r)
      for (int c = 0; c < chroma_width(); ++c)
        if (U(c, r) != o.U(c, r) || V(c, r) != o.V(c, r)) return false;
    return true;
  }

 private:
  static std::string check(const std::vector<std::uint8_t>& mem, int stride, int w, int h, const char* name) {
    const int rows = static_cast<int>(mem.size() / static_cast<std::size_t>(stride));
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < stride; ++c) {
        const bool inside = r >= kGuardRows && r < kGuardRows + h && c < w;
        if (!inside && mem[static_cast<std::size_t>(r) * stride + c] != kGuard) {
          return std::string(name) + " plane byte at column " + std::to_string(c) + ", row " +
                 std::to_string(r - kGuardRows) + " (frame " + std::to_string(w) + "x" + std::to_string(h) + ")";
        }
      }
    }
    return "";
  }

  int width_, height_, stride_y_, stride_c_;
  std::vector<std::uint8_t> y_, u_, v_;
};

}  // namespace mstest
