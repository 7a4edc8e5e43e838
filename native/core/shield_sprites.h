// The shield's two ring sprites, prepared once per process for compositing straight onto I420 planes:
// converted to premultiplied Y'U'V'A (BT.601 limited range) and kept as a mip pyramid, so a small shield samples
// a level near its size instead of skipping over detail (which would shimmer as the rings turn).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace magicshield {

// One texel: alpha, Y'=Y*a, U'=128+(U-128)*a, V'=128+(V-128)*a, 8 bits each, packed a | Y'<<8 | U'<<16 | V'<<24.
using PackedTexel = std::uint32_t;
constexpr PackedTexel kTransparentTexel = 0x80800000u;

struct SpriteLevel {
  int size = 0;  // size x size texels ...
  // ... stored inside a transparent border, one texel before and two after each row and column, so the four
  // bilinear taps of any coordinate in [-1, size] are inside the array: (size + 3)^2 texels.
  std::vector<PackedTexel> texels;
  // The low half (alpha | Y'<<8) of the same texels in the same layout: all the luma pass reads, in half the bytes
  // (the two rings' 512-texel levels, 1 MB each as packed texels, crowd a 1 MB L2 cache half as much), and one
  // 32-bit load takes a texel and its right neighbour, two bilinear taps at once.
  std::vector<std::uint16_t> luma_texels;
  int stride() const { return size + 3; }
  // The ring between these distances from the centre (in texels, with a texel of margin for bilinear taps)
  // holds every texel that is not fully transparent: the compositor samples nothing outside it.
  float inner_radius = 0.f;
  float outer_radius = 0.f;
  const PackedTexel* row(int y) const { return texels.data() + static_cast<std::size_t>(y + 1) * stride() + 1; }
};

struct Sprite {
  std::vector<SpriteLevel> levels;  // level 0 is the full size, each next one half of it
  // The level to sample for a footprint of `pixels` across: the smallest level still at least that big.
  const SpriteLevel& level_for(float pixels) const;
};

struct ShieldSprites {
  Sprite clockwise;  // drawn on top
  Sprite counter_clockwise;

  // From RGBA PNG bytes (square, same size, at least 16 px). Throws std::invalid_argument with the reason.
  static ShieldSprites decode(const std::uint8_t* clockwise_png, std::size_t clockwise_size,
                              const std::uint8_t* counter_png, std::size_t counter_size);

  // The process-wide sprites, or null before any were loaded.
  static std::shared_ptr<const ShieldSprites> current();
  static void set_current(std::shared_ptr<const ShieldSprites> sprites);
};

}  // namespace magicshield
