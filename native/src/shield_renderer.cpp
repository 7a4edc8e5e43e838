#include "shield_renderer.h"

#include <algorithm>
#include <cmath>

namespace magicshield {
namespace {

// Where one ring's texels land: sprite coordinate = origin + x * step_x + y * step_y for frame pixel (x, y).
struct SpriteMap {
  const SpriteLevel* level;
  float origin_x, origin_y;
  float step_xx, step_xy;  // per frame x
  float step_yx, step_yy;  // per frame y
};

// `scale` is frame pixels per plane pixel (1 for luma, 2 for chroma).
SpriteMap map_sprite(const Sprite& sprite, const ShieldPlacement& s, float angle_radians, float scale) {
  SpriteMap m;
  m.level = &sprite.level_for(s.diameter / scale);
  const float n = static_cast<float>(m.level->size);
  const float texels_per_pixel = n / s.diameter * scale;
  // Inverse rotation: a frame offset turned back by the ring's angle gives the sprite offset.
  const float c = std::cos(angle_radians) * texels_per_pixel;
  const float sn = std::sin(angle_radians) * texels_per_pixel;
  m.step_xx = c;
  m.step_xy = -sn;
  m.step_yx = sn;
  m.step_yy = c;
  // Plane pixel (px, py) has its centre at frame ((px + 0.5) * scale, (py + 0.5) * scale).
  const float offset = 0.5f * scale;
  const float dx = offset - s.centre.x;
  const float dy = offset - s.centre.y;
  const float half = 0.5f * n - 0.5f;
  m.origin_x = half + (dx * m.step_xx + dy * m.step_yx) / scale;
  m.origin_y = half + (dx * m.step_xy + dy * m.step_yy) / scale;
  return m;
}

struct Texel {
  int a, y, u, v;  // premultiplied, u and v centred on 0
};

// Bilinear sample with 8-bit weights; coordinates outside the sprite read its transparent border.
inline Texel sample(const SpriteLevel& level, float sx, float sy) {
  const float lim = static_cast<float>(level.size);
  sx = std::clamp(sx, -1.f, lim);
  sy = std::clamp(sy, -1.f, lim);
  const float fx0 = std::floor(sx);
  const float fy0 = std::floor(sy);
  const int x0 = static_cast<int>(fx0);
  const int y0 = static_cast<int>(fy0);
  const int wx = static_cast<int>((sx - fx0) * 256.f);
  const int wy = static_cast<int>((sy - fy0) * 256.f);
  const PackedTexel* r0 = level.row(y0) + x0;
  const PackedTexel* r1 = level.row(y0 + 1) + x0;
  const int w00 = (256 - wx) * (256 - wy), w01 = wx * (256 - wy), w10 = (256 - wx) * wy, w11 = wx * wy;
  auto channel = [&](int shift) {
    const int c00 = (r0[0] >> shift) & 0xff, c01 = (r0[1] >> shift) & 0xff;
    const int c10 = (r1[0] >> shift) & 0xff, c11 = (r1[1] >> shift) & 0xff;
    return (c00 * w00 + c01 * w01 + c10 * w10 + c11 * w11 + 32768) >> 16;
  };
  return {channel(0), channel(8), channel(16) - 128, channel(24) - 128};
}

// The clockwise ring over the counter-clockwise one, then faded by `opacity` (0..256).
inline Texel layer(const Texel& top, const Texel& bottom, int opacity) {
  const int through = 255 - top.a;
  Texel t;
  t.a = ((top.a * 255 + bottom.a * through + 127) / 255 * opacity) >> 8;
  t.y = ((top.y * 255 + bottom.y * through + 127) / 255 * opacity) >> 8;
  t.u = ((top.u * 255 + bottom.u * through) / 255 * opacity) / 256;
  t.v = ((top.v * 255 + bottom.v * through) / 255 * opacity) / 256;
  return t;
}

inline std::uint8_t over(int premultiplied, int background, int alpha) {
  return static_cast<std::uint8_t>(std::clamp(premultiplied + (background * (255 - alpha) + 127) / 255, 0, 255));
}

inline std::uint8_t over_chroma(int premultiplied_centred, int background, int alpha) {
  const int centred = background - 128;
  // Rounded division of a signed value.
  const int kept = centred * (255 - alpha);
  const int through = (kept >= 0 ? kept + 127 : kept - 127) / 255;
  return static_cast<std::uint8_t>(std::clamp(128 + premultiplied_centred + through, 0, 255));
}

// Visits the plane pixels inside the disc (plus a pixel of margin for the bilinear edge), row by row.
template <typename RowFn>
void for_each_disc_row(int plane_width, int plane_height, float scale, const ShieldPlacement& s, RowFn&& fn) {
  const float offset = 0.5f * scale;
  const float cx = (s.centre.x - offset) / scale;
  const float cy = (s.centre.y - offset) / scale;
  const float r = 0.5f * s.diameter / scale + 1.f;
  const int y_begin = std::max(0, static_cast<int>(std::ceil(cy - r)));
  const int y_end = std::min(plane_height - 1, static_cast<int>(std::floor(cy + r)));
  for (int y = y_begin; y <= y_end; ++y) {
    const float dy = static_cast<float>(y) - cy;
    const float half = std::sqrt(std::max(0.f, r * r - dy * dy));
    const int x_begin = std::max(0, static_cast<int>(std::ceil(cx - half)));
    const int x_end = std::min(plane_width - 1, static_cast<int>(std::floor(cx + half)));
    if (x_begin <= x_end) fn(y, x_begin, x_end);
  }
}

}  // namespace

void draw_shield(const I420Image& frame, const ShieldSprites& sprites, const ShieldPlacement& s) {
  if (s.diameter < 1.f || s.opacity <= 0.f) return;
  const int opacity = static_cast<int>(std::clamp(s.opacity, 0.f, 1.f) * 256.f + 0.5f);
  const float angle = s.angle_degrees * kPi / 180.f;

  // Luma at full resolution.
  {
    const SpriteMap cw = map_sprite(sprites.clockwise, s, angle, 1.f);
    const SpriteMap ccw = map_sprite(sprites.counter_clockwise, s, -angle, 1.f);
    for_each_disc_row(frame.width, frame.height, 1.f, s, [&](int y, int x0, int x1) {
      std::uint8_t* row = frame.y + static_cast<std::ptrdiff_t>(y) * frame.stride_y;
      const float fy = static_cast<float>(y);
      for (int x = x0; x <= x1; ++x) {
        const float fx = static_cast<float>(x);
        const Texel top = sample(*cw.level, cw.origin_x + fx * cw.step_xx + fy * cw.step_yx,
                                 cw.origin_y + fx * cw.step_xy + fy * cw.step_yy);
        const Texel bottom = sample(*ccw.level, ccw.origin_x + fx * ccw.step_xx + fy * ccw.step_yx,
                                    ccw.origin_y + fx * ccw.step_xy + fy * ccw.step_yy);
        const Texel t = layer(top, bottom, opacity);
        if (t.a == 0 && t.y == 0) continue;
        row[x] = over(t.y, row[x], t.a);
      }
    });
  }
  // Chroma at half resolution: each chroma pixel covers 2x2 luma pixels.
  {
    const SpriteMap cw = map_sprite(sprites.clockwise, s, angle, 2.f);
    const SpriteMap ccw = map_sprite(sprites.counter_clockwise, s, -angle, 2.f);
    for_each_disc_row(frame.chroma_width(), frame.chroma_height(), 2.f, s, [&](int y, int x0, int x1) {
      std::uint8_t* row_u = frame.u + static_cast<std::ptrdiff_t>(y) * frame.stride_u;
      std::uint8_t* row_v = frame.v + static_cast<std::ptrdiff_t>(y) * frame.stride_v;
      const float fy = static_cast<float>(y);
      for (int x = x0; x <= x1; ++x) {
        const float fx = static_cast<float>(x);
        const Texel top = sample(*cw.level, cw.origin_x + fx * cw.step_xx + fy * cw.step_yx,
                                 cw.origin_y + fx * cw.step_xy + fy * cw.step_yy);
        const Texel bottom = sample(*ccw.level, ccw.origin_x + fx * ccw.step_xx + fy * ccw.step_yx,
                                    ccw.origin_y + fx * ccw.step_xy + fy * ccw.step_yy);
        const Texel t = layer(top, bottom, opacity);
        if (t.a == 0 && t.u == 0 && t.v == 0) continue;
        row_u[x] = over_chroma(t.u, row_u[x], t.a);
        row_v[x] = over_chroma(t.v, row_v[x], t.a);
      }
    });
  }
}

}  // namespace magicshield
