// Shield sprites (shield_sprites.h): PNG decoding and its errors, the premultiplied Y'U'V'A packing, the mip
// pyramid and the choice of level.
#include <cmath>
#include <string>
#include <vector>

#include "i420.h"
#include "sprite_png.h"
#include "test_harness.h"

using namespace magicshield;
using mstest::png_bytes;
using mstest::uniform_rgba;

namespace {

int channel(PackedTexel t, int index) { return static_cast<int>((t >> (8 * index)) & 0xffu); }  // 0 a, 1 Y', 2 U', 3 V'

void check_decode_fails(const std::vector<std::uint8_t>& cw, const std::vector<std::uint8_t>& ccw, const char* text) {
  CHECK_THROWS_WITH(ShieldSprites::decode(cw.data(), cw.size(), ccw.data(), ccw.size()), std::invalid_argument, text);
}

}  // namespace

TEST(shield_sprites, decodes_rgba_png_into_premultiplied_yuva) {
  const auto sprites = mstest::sprites_from(uniform_rgba(32, 255, 160, 40, 255), uniform_rgba(32, 0, 0, 255, 128));
  const SpriteLevel& cw = sprites.clockwise.levels.at(0);
  REQUIRE_EQ(cw.size, 32);
  REQUIRE_EQ(cw.texels.size(), static_cast<std::size_t>(35 * 35));  // transparent border: 1 texel before, 2 after
  const Yuv orange = rgb_to_yuv(255, 160, 40);
  const PackedTexel t = cw.row(10)[7];
  CHECK_EQ(channel(t, 0), 255);
  CHECK_NEAR(channel(t, 1), orange.y, 1);
  CHECK_NEAR(channel(t, 2), orange.u, 1);
  CHECK_NEAR(channel(t, 3), orange.v, 1);
  // Half-transparent blue: Y' = Y * a, U' = 128 + (U - 128) * a, V' likewise (a = 128 / 255).
  const Yuv blue = rgb_to_yuv(0, 0, 255);
  const float a = 128.f / 255.f;
  const PackedTexel b = sprites.counter_clockwise.levels.at(0).row(31)[31];
  CHECK_EQ(channel(b, 0), 128);
  CHECK_NEAR(channel(b, 1), blue.y * a, 1);
  CHECK_NEAR(channel(b, 2), 128 + (blue.u - 128) * a, 1);
  CHECK_NEAR(channel(b, 3), 128 + (blue.v - 128) * a, 1);
  // The border around the texels is transparent (alpha 0, neutral chroma).
  CHECK_EQ(cw.row(-1)[0], kTransparentTexel);
  CHECK_EQ(cw.row(0)[-1], kTransparentTexel);
  CHECK_EQ(cw.row(31)[32], kTransparentTexel);
  CHECK_EQ(cw.row(32)[31], kTransparentTexel);
}

TEST(shield_sprites, fully_transparent_texels_pack_to_the_transparent_texel) {
  // Colour under alpha 0 must not survive premultiplication.
  const auto sprites = mstest::sprites_from(uniform_rgba(16, 0, 255, 0, 0), uniform_rgba(16, 255, 255, 255, 0));
  int bad = 0;
  for (const Sprite* s : {&sprites.clockwise, &sprites.counter_clockwise})
    for (const SpriteLevel& l : s->levels)
      for (PackedTexel t : l.texels) bad += t != kTransparentTexel;
  CHECK_EQ(bad, 0);
}

TEST(shield_sprites, mip_pyramid_halves_down_to_at_least_8) {
  auto sizes = [](int n) {
    const auto s = mstest::sprites_from(uniform_rgba(n, 9, 9, 9, 255), uniform_rgba(n, 9, 9, 9, 255));
    std::vector<int> out;
    for (const SpriteLevel& l : s.clockwise.levels) out.push_back(l.size);
    return out;
  };
  CHECK(sizes(64) == (std::vector<int>{64, 32, 16, 8}));
  CHECK(sizes(100) == (std::vector<int>{100, 50, 25, 12}));
  CHECK(sizes(16) == (std::vector<int>{16, 8}));
}

TEST(shield_sprites, mip_levels_average_premultiplied_colour) {
  // A checkerboard of opaque red and fully transparent green: the half-size level must be red at half coverage.
  // Averaging unpremultiplied colour would leak the invisible green into it.
  cv::Mat checker(32, 32, CV_8UC4);
  for (int y = 0; y < 32; ++y)
    for (int x = 0; x < 32; ++x)
      checker.at<cv::Vec4b>(y, x) = (x + y) % 2 == 0 ? cv::Vec4b(0, 0, 255, 255) : cv::Vec4b(0, 255, 0, 0);
  const auto sprites = mstest::sprites_from(checker, checker);
  const SpriteLevel& half = sprites.clockwise.levels.at(1);
  REQUIRE_EQ(half.size, 16);
  const PackedTexel t = half.row(5)[9];
  CHECK_NEAR(channel(t, 0), 127.5, 0.6);
  CHECK_NEAR(channel(t, 1), 16 * 0.5 + 0.2568 * 127.5, 1);  // 41
  CHECK_NEAR(channel(t, 2), 128 - 0.1482 * 127.5, 1);
  CHECK_NEAR(channel(t, 3), 128 + 0.4392 * 127.5, 1);
}

TEST(shield_sprites, level_for_picks_the_smallest_level_still_as_big_as_the_footprint) {
  const auto sprites = mstest::sprites_from(uniform_rgba(64, 9, 9, 9, 255), uniform_rgba(64, 9, 9, 9, 255));
  const Sprite& s = sprites.clockwise;
  CHECK_EQ(s.level_for(1000.f).size, 64);  // bigger than the sprite: full size
  CHECK_EQ(s.level_for(64.f).size, 64);
  CHECK_EQ(s.level_for(40.f).size, 64);  // 32 would be too coarse
  CHECK_EQ(s.level_for(32.f).size, 32);
  CHECK_EQ(s.level_for(20.f).size, 32);
  CHECK_EQ(s.level_for(16.f).size, 16);
  CHECK_EQ(s.level_for(9.f).size, 16);
  CHECK_EQ(s.level_for(8.f).size, 8);
  CHECK_EQ(s.level_for(1.f).size, 8);  // never below the last level
  CHECK_EQ(s.level_for(0.f).size, 8);
}

TEST(shield_sprites, decoding_errors_are_invalid_argument_with_the_reason) {
  const auto good = png_bytes(uniform_rgba(32, 1, 2, 3, 255));
  const std::string text = "definitely not a PNG";
  const std::vector<std::uint8_t> garbage(text.begin(), text.end());
  check_decode_fails(garbage, good, "clockwise sprite: not a decodable image");
  check_decode_fails(good, garbage, "counter-clockwise sprite");
  check_decode_fails(png_bytes(cv::Mat(32, 16, CV_8UC4, cv::Scalar(0, 0, 0, 255))), good, "square");
  check_decode_fails(png_bytes(cv::Mat(32, 32, CV_8UC3, cv::Scalar(0, 0, 255))), good, "RGBA");
  check_decode_fails(png_bytes(cv::Mat(32, 32, CV_8UC1, cv::Scalar(7))), good, "RGBA");
  check_decode_fails(png_bytes(cv::Mat(32, 32, CV_16UC4, cv::Scalar(0, 0, 0, 65535))), good, "8-bit");
  check_decode_fails(png_bytes(uniform_rgba(8, 1, 2, 3, 255)), png_bytes(uniform_rgba(8, 1, 2, 3, 255)), "at least 16");
  check_decode_fails(good, png_bytes(uniform_rgba(64, 1, 2, 3, 255)), "same size");
  CHECK_THROWS_WITH(ShieldSprites::decode(nullptr, 0, good.data(), good.size()), std::invalid_argument, "no PNG data");
  // A truncated PNG is not decodable either.
  const std::vector<std::uint8_t> truncated(good.begin(), good.begin() + static_cast<long>(good.size() / 2));
  check_decode_fails(truncated, good, "clockwise");
}

TEST(shield_sprites, radial_extent_of_each_level_holds_every_visible_texel) {
  // The compositor samples a ring only between inner_radius and outer_radius (texels from the centre): every
  // texel that is not fully transparent must lie inside that band with a margin for the bilinear taps.
  cv::Mat ring(64, 64, CV_8UC4, cv::Scalar(0, 0, 0, 0));
  for (int y = 0; y < 64; ++y)
    for (int x = 0; x < 64; ++x) {
      const float d = std::hypot(x + 0.5f - 32.f, y + 0.5f - 32.f);
      if (d > 14.f && d < 27.f) ring.at<cv::Vec4b>(y, x) = cv::Vec4b(10, 20, 30, static_cast<std::uint8_t>(40 + 7 * d));
    }
  const auto sprites = mstest::sprites_from(ring, uniform_rgba(64, 1, 2, 3, 255));
  for (const Sprite* s : {&sprites.clockwise, &sprites.counter_clockwise}) {
    for (const SpriteLevel& l : s->levels) {
      CONTEXT((s == &sprites.clockwise ? "ring" : "square") << " level " << l.size);
      const float centre = 0.5f * l.size - 0.5f;
      int outside = 0;
      for (int y = 0; y < l.size; ++y)
        for (int x = 0; x < l.size; ++x) {
          if (channel(l.row(y)[x], 0) == 0) continue;
          const float d = std::hypot(x - centre, y - centre);
          if ((l.inner_radius > 0.f && d < l.inner_radius + 1.f) || d > l.outer_radius - 1.f) ++outside;
        }
      CHECK_EQ(outside, 0);
    }
  }
  // The ring's hole is really skipped at full size (the band is not simply 0 .. the corner).
  CHECK(sprites.clockwise.levels[0].inner_radius > 10.f);
  CHECK(sprites.clockwise.levels[0].outer_radius < 30.f);
  // A fully transparent sprite has an empty band.
  const auto clear = mstest::sprites_from(uniform_rgba(32, 1, 2, 3, 0), uniform_rgba(32, 1, 2, 3, 0));
  CHECK_EQ(clear.clockwise.levels[0].outer_radius, 0.f);
}

// The shield's diameter means something only if the real sprites are transparent outside their inscribed circle.
TEST(shield_sprites, real_sprites_are_square_rgba_and_transparent_outside_their_circle) {
  const std::string dir = MAGICSHIELD_TEST_SPRITE_DIR;
  const std::string cw = dir + "/shield_outer_cw.png", ccw = dir + "/shield_inner_ccw.png";
  const cv::Mat a = cv::imread(cw, cv::IMREAD_UNCHANGED), b = cv::imread(ccw, cv::IMREAD_UNCHANGED);
  if (a.empty() || b.empty())
    SKIP_WITHOUT_BUILD_ASSET("no shield sprites in " + dir + " (build with Maven, or set MAGICSHIELD_SPRITE_DIR)");
  for (const cv::Mat* m : {&a, &b}) {
    REQUIRE_EQ(m->type(), CV_8UC4);
    REQUIRE_EQ(m->cols, m->rows);
    const float half = 0.5f * m->cols;
    int visible_outside = 0;
    for (int y = 0; y < m->rows; ++y)
      for (int x = 0; x < m->cols; ++x)
        if (std::hypot(x + 0.5f - half, y + 0.5f - half) > half && m->at<cv::Vec4b>(y, x)[3] != 0) ++visible_outside;
    CHECK_EQ(visible_outside, 0);
  }
  CHECK_EQ(a.size(), b.size());
  CHECK_NOTHROW(mstest::sprites_from(a, b));
}
