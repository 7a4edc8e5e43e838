#include "shield_sprites.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace magicshield {
namespace {

constexpr int kMinSpriteSize = 16;

std::uint8_t to_byte(float v) { return static_cast<std::uint8_t>(std::clamp(v, 0.f, 255.f) + 0.5f); }

void set_radial_extent(SpriteLevel& level) {
  const float centre = 0.5f * static_cast<float>(level.size) - 0.5f;
  float inner = std::numeric_limits<float>::max();
  float outer = 0.f;
  for (int y = 0; y < level.size; ++y) {
    const PackedTexel* row = level.row(y);
    for (int x = 0; x < level.size; ++x) {
      if ((row[x] & 0xffu) == 0) continue;
      const float r = std::hypot(static_cast<float>(x) - centre, static_cast<float>(y) - centre);
      inner = std::min(inner, r);
      outer = std::max(outer, r);
    }
  }
  constexpr float kMargin = 1.5f;  // a bilinear tap reaches one texel (diagonally 1.41) past a texel
  level.inner_radius = outer > 0.f ? std::max(0.f, inner - kMargin) : 0.f;
  level.outer_radius = outer > 0.f ? outer + kMargin : 0.f;
}

// From a premultiplied RGBA float image (channels 0..255) to packed premultiplied Y'U'V'A.
SpriteLevel pack_level(const cv::Mat& premultiplied_rgba) {
  SpriteLevel level;
  level.size = premultiplied_rgba.cols;
  const int stride = level.stride();
  level.texels.assign(static_cast<std::size_t>(stride) * stride, kTransparentTexel);
  for (int y = 0; y < level.size; ++y) {
    const cv::Vec4f* src = premultiplied_rgba.ptr<cv::Vec4f>(y);
    PackedTexel* dst = level.texels.data() + static_cast<std::size_t>(y + 1) * stride + 1;
    for (int x = 0; x < level.size; ++x) {
      const float r = src[x][0], g = src[x][1], b = src[x][2], a = src[x][3];
      // Premultiplied limited-range YUV: the offset 16 scales with alpha, the chroma offsets do not.
      const float ya = 16.f * a / 255.f + 0.2568f * r + 0.5041f * g + 0.0979f * b;
      const float ua = 128.f - 0.1482f * r - 0.2910f * g + 0.4392f * b;
      const float va = 128.f + 0.4392f * r - 0.3678f * g - 0.0714f * b;
      dst[x] = static_cast<PackedTexel>(to_byte(a)) | static_cast<PackedTexel>(to_byte(ya)) << 8 |
               static_cast<PackedTexel>(to_byte(ua)) << 16 | static_cast<PackedTexel>(to_byte(va)) << 24;
    }
  }
  level.luma_texels.resize(level.texels.size());
  std::transform(level.texels.begin(), level.texels.end(), level.luma_texels.begin(),
                 [](PackedTexel t) { return static_cast<std::uint16_t>(t & 0xffffu); });
  set_radial_extent(level);
  return level;
}

Sprite build_sprite(const std::uint8_t* png, std::size_t size, const char* name) {
  if (png == nullptr || size == 0) throw std::invalid_argument(std::string(name) + " sprite: no PNG data");
  cv::Mat rgba;
  try {
    const cv::Mat encoded(1, static_cast<int>(size), CV_8UC1, const_cast<std::uint8_t*>(png));
    rgba = cv::imdecode(encoded, cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    throw std::invalid_argument(std::string(name) + " sprite: cannot decode: " + e.what());
  }
  if (rgba.empty()) throw std::invalid_argument(std::string(name) + " sprite: not a decodable image");
  if (rgba.channels() != 4 || rgba.depth() != CV_8U) {
    throw std::invalid_argument(std::string(name) + " sprite: must be 8-bit RGBA (it has " +
                                std::to_string(rgba.channels()) + " channels)");
  }
  if (rgba.cols != rgba.rows || rgba.cols < kMinSpriteSize) {
    throw std::invalid_argument(std::string(name) + " sprite: must be square and at least 16 px (it is " +
                                std::to_string(rgba.cols) + "x" + std::to_string(rgba.rows) + ")");
  }
  // imdecode gives BGRA; premultiply in float so the pyramid averages colours weighted by coverage.
  cv::Mat premultiplied(rgba.rows, rgba.cols, CV_32FC4);
  for (int y = 0; y < rgba.rows; ++y) {
    const cv::Vec4b* src = rgba.ptr<cv::Vec4b>(y);
    cv::Vec4f* dst = premultiplied.ptr<cv::Vec4f>(y);
    for (int x = 0; x < rgba.cols; ++x) {
      const float a = src[x][3] / 255.f;
      dst[x] = {src[x][2] * a, src[x][1] * a, src[x][0] * a, static_cast<float>(src[x][3])};
    }
  }
  Sprite sprite;
  cv::Mat level = premultiplied;
  for (;;) {
    sprite.levels.push_back(pack_level(level));
    if (level.cols / 2 < kMinSpriteSize / 2) break;
    cv::Mat next;
    cv::resize(level, next, cv::Size(level.cols / 2, level.rows / 2), 0, 0, cv::INTER_AREA);
    level = next;
  }
  return sprite;
}

std::mutex current_mutex;
std::shared_ptr<const ShieldSprites> current_sprites;

}  // namespace

const SpriteLevel& Sprite::level_for(float pixels) const {
  std::size_t i = 0;
  while (i + 1 < levels.size() && static_cast<float>(levels[i + 1].size) >= pixels) ++i;
  return levels[i];
}

ShieldSprites ShieldSprites::decode(const std::uint8_t* clockwise_png, std::size_t clockwise_size,
                                    const std::uint8_t* counter_png, std::size_t counter_size) {
  ShieldSprites sprites;
  sprites.clockwise = build_sprite(clockwise_png, clockwise_size, "clockwise");
  sprites.counter_clockwise = build_sprite(counter_png, counter_size, "counter-clockwise");
  if (sprites.clockwise.levels[0].size != sprites.counter_clockwise.levels[0].size) {
    throw std::invalid_argument("the two shield sprites must have the same size");
  }
  return sprites;
}

std::shared_ptr<const ShieldSprites> ShieldSprites::current() {
  std::lock_guard<std::mutex> lock(current_mutex);
  return current_sprites;
}

void ShieldSprites::set_current(std::shared_ptr<const ShieldSprites> sprites) {
  std::lock_guard<std::mutex> lock(current_mutex);
  current_sprites = std::move(sprites);
}

}  // namespace magicshield
