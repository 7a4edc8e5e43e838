#include "shield_renderer.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>

#include "shield_blend.h"

#include "avx2_kernels.h"

namespace magicshield {
namespace {

// Where one ring's texels land along one plane row: texel coordinate of pixel x is (x0 + x * dx, y0 + x * dy),
// in texel-index units of one mip level (stored with a one-texel transparent border).
struct RowMap {
  const PackedTexel* texels;  // the level's first stored texel (the border's corner)
  const std::uint16_t* luma;  // the same in the level's luma_texels
  int stride;                 // stored texels per row
  float limit;                // size: coordinates are clamped to [-1, size], where every tap is inside the border
  float x0, y0, dx, dy;
};

RowMap row_map(const PlaneMap& m, int y) {
  const float fy = static_cast<float>(y);
  return {
      m.level->texels.data(),      m.level->luma_texels.data(), m.level->stride(), static_cast<float>(m.level->size),
      m.origin_x + fy * m.step_yx, m.origin_y + fy * m.step_yy, m.step_xx,         m.step_xy};
}

// A ring's map for a plane whose pixels are `scale` frame pixels wide: plane pixel (px, py) has its centre at
// frame ((px + 0.5) * scale, (py + 0.5) * scale).
PlaneMap map_sprite(const Sprite& sprite, const ShieldPlacement& s, float angle_radians, float scale) {
  PlaneMap m;
  m.level = &sprite.level_for(s.diameter / scale);
  const float n = static_cast<float>(m.level->size);
  // Texels per plane pixel; the inverse rotation turns a frame offset into a sprite offset.
  const float k = n / s.diameter * scale;
  const float c = std::cos(angle_radians) * k;
  const float sn = std::sin(angle_radians) * k;
  m.step_xx = c;
  m.step_xy = -sn;
  m.step_yx = sn;
  m.step_yy = c;
  const float dx = 0.5f * scale - s.centre.x;
  const float dy = 0.5f * scale - s.centre.y;
  const float half = 0.5f * n - 0.5f;  // texel index of the sprite's centre
  m.origin_x = half + (dx * c + dy * sn) / scale;
  m.origin_y = half + (-dx * sn + dy * c) / scale;
  return m;
}

inline Taps taps(const RowMap& m, float fx) {
  return texel_taps(m.texels, m.stride, m.limit, m.x0 + fx * m.dx, m.y0 + fx * m.dy);
}

// Luma: the clockwise ring over the counter-clockwise one (shield_blend.h). Only the rings that can be
// non-transparent at these pixels are sampled (kTop, kBottom).
template <bool kTop, bool kBottom>
void blend_luma_row_scalar(std::uint8_t* row, int x_begin, int x_end, RowMap top, RowMap bottom, float opacity) {
  for (int x = x_begin; x <= x_end; ++x) {
    const float fx = static_cast<float>(x);
    LumaSample top_sample, bottom_sample;
    if constexpr (kTop) top_sample = luma_sample(taps(top, fx));
    if constexpr (kBottom) bottom_sample = luma_sample(taps(bottom, fx));
    row[x] = blend_luma(row[x], top_sample, bottom_sample, opacity);
  }
}

// Chroma at half resolution.
template <bool kTop, bool kBottom>
void blend_chroma_row_scalar(std::uint8_t* row_u, std::uint8_t* row_v, int x_begin, int x_end, RowMap top,
                             RowMap bottom, float opacity) {
  for (int x = x_begin; x <= x_end; ++x) {
    const float fx = static_cast<float>(x);
    ChromaSample top_sample, bottom_sample;
    if constexpr (kTop) top_sample = chroma_sample(taps(top, fx));
    if constexpr (kBottom) bottom_sample = chroma_sample(taps(bottom, fx));
    blend_chroma(row_u + x, row_v + x, top_sample, bottom_sample, opacity);
  }
}

#ifdef MAGICSHIELD_HAVE_AVX2_KERNELS
// The same arithmetic, eight pixels at a time: the texel taps are gathers. Results match the scalar kernels to
// within one level (fused multiply-adds round once).
struct Taps8 {
  __m256i t00, t01, t10, t11;
  __m256 wx, wy;
};

__attribute__((target("avx2,fma"))) inline __m256 channel8(__m256i t, int shift) {
  return _mm256_cvtepi32_ps(_mm256_and_si256(_mm256_srl_epi32(t, _mm_cvtsi32_si128(shift)), _mm256_set1_epi32(0xff)));
}

__attribute__((target("avx2,fma"))) inline __m256 bilinear8(__m256 c00, __m256 c01, __m256 c10, __m256 c11, __m256 wx,
                                                            __m256 wy) {
  const __m256 top = _mm256_fmadd_ps(wx, _mm256_sub_ps(c01, c00), c00);
  const __m256 bottom = _mm256_fmadd_ps(wx, _mm256_sub_ps(c11, c10), c10);
  return _mm256_fmadd_ps(wy, _mm256_sub_ps(bottom, top), top);
}

__attribute__((target("avx2,fma"))) inline __m256 at8(const Taps8& t, int shift) {
  return bilinear8(channel8(t.t00, shift), channel8(t.t01, shift), channel8(t.t10, shift), channel8(t.t11, shift), t.wx,
                   t.wy);
}

// Where eight texel coordinates of a row fall: the stored index of each one's top-left tap and the weights.
struct TapIndex8 {
  __m256i i;
  __m256 wx, wy;
};

__attribute__((target("avx2,fma"))) inline TapIndex8 tap_index8(const RowMap& m, __m256 fx) {
  const __m256 lo = _mm256_set1_ps(-1.f), hi = _mm256_set1_ps(m.limit);
  const __m256 x =
      _mm256_min_ps(_mm256_max_ps(_mm256_fmadd_ps(fx, _mm256_set1_ps(m.dx), _mm256_set1_ps(m.x0)), lo), hi);
  const __m256 y =
      _mm256_min_ps(_mm256_max_ps(_mm256_fmadd_ps(fx, _mm256_set1_ps(m.dy), _mm256_set1_ps(m.y0)), lo), hi);
  const __m256 fx0 = _mm256_floor_ps(x), fy0 = _mm256_floor_ps(y);
  const __m256i one = _mm256_set1_epi32(1);
  const __m256i i =
      _mm256_add_epi32(_mm256_mullo_epi32(_mm256_add_epi32(_mm256_cvttps_epi32(fy0), one), _mm256_set1_epi32(m.stride)),
                       _mm256_add_epi32(_mm256_cvttps_epi32(fx0), one));
  return {i, _mm256_sub_ps(x, fx0), _mm256_sub_ps(y, fy0)};
}

__attribute__((target("avx2,fma"))) inline Taps8 taps8(const RowMap& m, __m256 fx) {
  const TapIndex8 t = tap_index8(m, fx);
  const int* base = reinterpret_cast<const int*>(m.texels);
  const __m256i one = _mm256_set1_epi32(1);
  const __m256i i10 = _mm256_add_epi32(t.i, _mm256_set1_epi32(m.stride));
  return {_mm256_i32gather_epi32(base, t.i, 4),
          _mm256_i32gather_epi32(base, _mm256_add_epi32(t.i, one), 4),
          _mm256_i32gather_epi32(base, i10, 4),
          _mm256_i32gather_epi32(base, _mm256_add_epi32(i10, one), 4),
          t.wx,
          t.wy};
}

// A ring's alpha and luma at eight pixels from its luma_texels: one gather per tap row, each lane's 32 bits holding
// a texel and its right neighbour (alpha | Y'<<8 | alpha'<<16 | Y''<<24). The transparent border's two columns
// after each row keep every pair inside the array.
__attribute__((target("avx2,fma"))) inline void luma8(const RowMap& m, __m256 fx, __m256& alpha, __m256& luma) {
  const TapIndex8 t = tap_index8(m, fx);
  const int* base = reinterpret_cast<const int*>(m.luma);
  const __m256i upper = _mm256_i32gather_epi32(base, t.i, 2);
  const __m256i lower = _mm256_i32gather_epi32(base, _mm256_add_epi32(t.i, _mm256_set1_epi32(m.stride)), 2);
  alpha = bilinear8(channel8(upper, 0), channel8(upper, 16), channel8(lower, 0), channel8(lower, 16), t.wx, t.wy);
  luma = bilinear8(channel8(upper, 8), channel8(upper, 24), channel8(lower, 8), channel8(lower, 24), t.wx, t.wy);
}

__attribute__((target("avx2,fma"))) inline __m256 load8(const std::uint8_t* p) {
  return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
}

__attribute__((target("avx2,fma"))) inline void store8(std::uint8_t* p, __m256 v) {
  v = _mm256_add_ps(_mm256_min_ps(_mm256_max_ps(v, _mm256_setzero_ps()), _mm256_set1_ps(255.f)), _mm256_set1_ps(0.5f));
  const __m256i i = _mm256_cvttps_epi32(v);
  const __m128i words = _mm_packus_epi32(_mm256_castsi256_si128(i), _mm256_extracti128_si256(i, 1));
  _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_packus_epi16(words, words));
}

template <bool kTop, bool kBottom>
__attribute__((target("avx2,fma"))) void blend_luma_row_avx2(std::uint8_t* row, int x_begin, int x_end, RowMap top,
                                                             RowMap bottom, float opacity) {
  const __m256 lanes = _mm256_setr_ps(0.f, 1.f, 2.f, 3.f, 4.f, 5.f, 6.f, 7.f);
  const __m256 k = _mm256_set1_ps(1.f / 255.f), one = _mm256_set1_ps(1.f), o = _mm256_set1_ps(opacity);
  for (int x = x_begin; x <= x_end; x += 8) {
    // A last run shorter than eight pixels goes through a scratch copy, so nothing outside the run is touched.
    const int count = std::min(8, x_end - x + 1);
    std::uint8_t scratch[8] = {};
    std::uint8_t* px = count == 8 ? row + x : scratch;
    if (count < 8) std::copy(row + x, row + x + count, scratch);
    const __m256 fx = _mm256_add_ps(_mm256_set1_ps(static_cast<float>(x)), lanes);
    __m256 top_alpha = _mm256_setzero_ps(), top_luma = top_alpha, bottom_alpha = top_alpha, bottom_luma = top_alpha;
    if constexpr (kTop) luma8(top, fx, top_alpha, top_luma);
    if constexpr (kBottom) luma8(bottom, fx, bottom_alpha, bottom_luma);
    const __m256 through = _mm256_fnmadd_ps(top_alpha, k, one);
    const __m256 alpha = _mm256_mul_ps(_mm256_fmadd_ps(bottom_alpha, through, top_alpha), o);
    const __m256 luma = _mm256_mul_ps(_mm256_fmadd_ps(bottom_luma, through, top_luma), o);
    store8(px, _mm256_fmadd_ps(load8(px), _mm256_fnmadd_ps(alpha, k, one), luma));
    if (count < 8) std::copy(scratch, scratch + count, row + x);
  }
}

template <bool kTop, bool kBottom>
__attribute__((target("avx2,fma"))) void blend_chroma_row_avx2(std::uint8_t* row_u, std::uint8_t* row_v, int x_begin,
                                                               int x_end, RowMap top, RowMap bottom, float opacity) {
  const __m256 lanes = _mm256_setr_ps(0.f, 1.f, 2.f, 3.f, 4.f, 5.f, 6.f, 7.f);
  const __m256 k = _mm256_set1_ps(1.f / 255.f), one = _mm256_set1_ps(1.f), o = _mm256_set1_ps(opacity);
  const __m256 mid = _mm256_set1_ps(128.f);
  for (int x = x_begin; x <= x_end; x += 8) {
    const int count = std::min(8, x_end - x + 1);
    std::uint8_t scratch_u[8] = {}, scratch_v[8] = {};
    std::uint8_t* pu = count == 8 ? row_u + x : scratch_u;
    std::uint8_t* pv = count == 8 ? row_v + x : scratch_v;
    if (count < 8) {
      std::copy(row_u + x, row_u + x + count, scratch_u);
      std::copy(row_v + x, row_v + x + count, scratch_v);
    }
    const __m256 fx = _mm256_add_ps(_mm256_set1_ps(static_cast<float>(x)), lanes);
    __m256 top_alpha = _mm256_setzero_ps(), top_u = top_alpha, top_v = top_alpha;
    __m256 bottom_alpha = top_alpha, bottom_u = top_alpha, bottom_v = top_alpha;
    if constexpr (kTop) {
      const Taps8 a = taps8(top, fx);
      top_alpha = at8(a, 0);
      top_u = _mm256_sub_ps(at8(a, 16), mid);
      top_v = _mm256_sub_ps(at8(a, 24), mid);
    }
    if constexpr (kBottom) {
      const Taps8 b = taps8(bottom, fx);
      bottom_alpha = at8(b, 0);
      bottom_u = _mm256_sub_ps(at8(b, 16), mid);
      bottom_v = _mm256_sub_ps(at8(b, 24), mid);
    }
    const __m256 through = _mm256_fnmadd_ps(top_alpha, k, one);
    const __m256 keep = _mm256_fnmadd_ps(_mm256_mul_ps(_mm256_fmadd_ps(bottom_alpha, through, top_alpha), o), k, one);
    const __m256 u = _mm256_mul_ps(_mm256_fmadd_ps(bottom_u, through, top_u), o);
    const __m256 v = _mm256_mul_ps(_mm256_fmadd_ps(bottom_v, through, top_v), o);
    store8(pu, _mm256_add_ps(mid, _mm256_fmadd_ps(_mm256_sub_ps(load8(pu), mid), keep, u)));
    store8(pv, _mm256_add_ps(mid, _mm256_fmadd_ps(_mm256_sub_ps(load8(pv), mid), keep, v)));
    if (count < 8) {
      std::copy(scratch_u, scratch_u + count, row_u + x);
      std::copy(scratch_v, scratch_v + count, row_v + x);
    }
  }
}
#endif

std::atomic<bool> vector_kernels_enabled{true};

bool use_avx2() {
#ifdef MAGICSHIELD_HAVE_AVX2_KERNELS
  static const bool available = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return available && vector_kernels_enabled.load(std::memory_order_relaxed);
#else
  return false;
#endif
}

// One plane's kernel for a run of pixels, sampling the rings that cover it.
struct PlaneRows {
  bool chroma;
  std::uint8_t* a;  // luma, or U
  std::uint8_t* b;  // V
  int stride_a, stride_b;

  template <bool kTop, bool kBottom>
  void run(int y, int x_begin, int x_end, const RowMap& top, const RowMap& bottom, float opacity) const {
    std::uint8_t* ra = a + static_cast<std::ptrdiff_t>(y) * stride_a;
#ifdef MAGICSHIELD_HAVE_AVX2_KERNELS
    if (use_avx2()) {
      if (chroma) {
        blend_chroma_row_avx2<kTop, kBottom>(ra, b + static_cast<std::ptrdiff_t>(y) * stride_b, x_begin, x_end, top,
                                             bottom, opacity);
      } else {
        blend_luma_row_avx2<kTop, kBottom>(ra, x_begin, x_end, top, bottom, opacity);
      }
      return;
    }
#endif
    if (chroma) {
      blend_chroma_row_scalar<kTop, kBottom>(ra, b + static_cast<std::ptrdiff_t>(y) * stride_b, x_begin, x_end, top,
                                             bottom, opacity);
    } else {
      blend_luma_row_scalar<kTop, kBottom>(ra, x_begin, x_end, top, bottom, opacity);
    }
  }

  void run(int y, int x_begin, int x_end, bool with_top, bool with_bottom, const RowMap& top, const RowMap& bottom,
           float opacity) const {
    if (with_top && with_bottom) {
      run<true, true>(y, x_begin, x_end, top, bottom, opacity);
    } else if (with_top) {
      run<true, false>(y, x_begin, x_end, top, bottom, opacity);
    } else if (with_bottom) {
      run<false, true>(y, x_begin, x_end, top, bottom, opacity);
    }
  }
};

// The pixel runs of one plane row where a ring can be non-transparent: its annulus, up to two runs.
struct Runs {
  int count = 0;
  int begin[2], end[2];  // inclusive pixel ranges
};

Runs annulus_runs(float cx, float dy, float inner, float outer, int width) {
  Runs runs;
  if (std::fabs(dy) > outer) return runs;
  const float half_outer = std::sqrt(outer * outer - dy * dy);
  auto add = [&](float from, float to) {
    const int b = std::max(0, static_cast<int>(std::ceil(from)));
    const int e = std::min(width - 1, static_cast<int>(std::floor(to)));
    if (b <= e) {
      runs.begin[runs.count] = b;
      runs.end[runs.count] = e;
      ++runs.count;
    }
  };
  if (std::fabs(dy) < inner) {
    const float half_inner = std::sqrt(inner * inner - dy * dy);
    add(cx - half_outer, cx - half_inner);
    add(cx + half_inner, cx + half_outer);
  } else {
    add(cx - half_outer, cx + half_outer);
  }
  return runs;
}

// Composites one plane: row by row, each pixel run sampling only the rings whose annulus covers it.
void blend_plane(const PlaneRows& plane, int width, int height, const PlaneComposite& c) {
  const int y_begin = std::max(0, static_cast<int>(std::ceil(c.cy - c.reach)));
  const int y_end = std::min(height - 1, static_cast<int>(std::floor(c.cy + c.reach)));
  for (int y = y_begin; y <= y_end; ++y) {
    const float dy = static_cast<float>(y) - c.cy;
    const Runs t = annulus_runs(c.cx, dy, c.top_inner, c.top_outer, width);
    const Runs b = annulus_runs(c.cx, dy, c.bottom_inner, c.bottom_outer, width);
    // Split the row at every run boundary; each piece samples the rings covering it.
    int cuts[9];
    int n = 0;
    for (int i = 0; i < t.count; ++i) cuts[n++] = t.begin[i], cuts[n++] = t.end[i] + 1;
    for (int i = 0; i < b.count; ++i) cuts[n++] = b.begin[i], cuts[n++] = b.end[i] + 1;
    std::sort(cuts, cuts + n);
    auto covers = [](const Runs& r, int x) {
      for (int i = 0; i < r.count; ++i) {
        if (x >= r.begin[i] && x <= r.end[i]) return true;
      }
      return false;
    };
    const RowMap top_row = row_map(c.top, y), bottom_row = row_map(c.bottom, y);
    for (int i = 0; i + 1 < n; ++i) {
      if (cuts[i] >= cuts[i + 1]) continue;
      plane.run(y, cuts[i], cuts[i + 1] - 1, covers(t, cuts[i]), covers(b, cuts[i]), top_row, bottom_row, c.opacity);
    }
  }
}

}  // namespace

void set_vector_kernels(bool enabled) { vector_kernels_enabled.store(enabled, std::memory_order_relaxed); }

bool plan_shield_plane(const ShieldSprites& sprites, const ShieldPlacement& s, bool chroma, PlaneComposite* c) {
  // The bound keeps the pixel bounds worked out from the placement well within int (frames are at most 8192
  // pixels; the core takes any shield_scale and spin, NaN included): false for NaN and infinities too.
  constexpr float kMaxPlacement = 1048576.f;  // 2^20
  if (!(s.diameter >= 1.f && s.diameter <= kMaxPlacement) || !(s.opacity > 0.f) ||
      !(std::fabs(s.centre.x) <= kMaxPlacement) || !(std::fabs(s.centre.y) <= kMaxPlacement) ||
      !std::isfinite(s.angle_degrees)) {
    return false;
  }
  const float angle = s.angle_degrees * kPi / 180.f;
  const float scale = chroma ? 2.f : 1.f;
  c->top = map_sprite(sprites.clockwise, s, angle, scale);
  c->bottom = map_sprite(sprites.counter_clockwise, s, -angle, scale);
  c->cx = s.centre.x / scale - 0.5f;
  c->cy = s.centre.y / scale - 0.5f;
  // Annulus radii in plane pixels: texel radii over texels per plane pixel.
  const float top_k = std::hypot(c->top.step_xx, c->top.step_xy);
  const float bottom_k = std::hypot(c->bottom.step_xx, c->bottom.step_xy);
  c->top_inner = c->top.level->inner_radius / top_k;
  c->top_outer = c->top.level->outer_radius / top_k;
  c->bottom_inner = c->bottom.level->inner_radius / bottom_k;
  c->bottom_outer = c->bottom.level->outer_radius / bottom_k;
  c->reach = std::max(c->top_outer, c->bottom_outer);
  c->opacity = std::min(s.opacity, 1.f);
  return true;
}

void draw_shield(const I420Image& frame, const ShieldSprites& sprites, const ShieldPlacement& s) {
  PlaneComposite luma, chroma;
  if (!plan_shield_plane(sprites, s, false, &luma) || !plan_shield_plane(sprites, s, true, &chroma)) return;
  blend_plane({false, frame.y, nullptr, frame.stride_y, 0}, frame.width, frame.height, luma);
  blend_plane({true, frame.u, frame.v, frame.stride_u, frame.stride_v}, frame.chroma_width(), frame.chroma_height(),
              chroma);
}

}  // namespace magicshield
