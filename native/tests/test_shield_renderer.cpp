// Shield compositing (shield_renderer.h) on synthetic frames with synthetic sprites: exact colours inside the
// disc, untouched pixels outside it and under transparent texels, clipping (not squashing) at the frame edges,
// nothing written outside the planes, odd sizes, opacity, layering and the rings' turning directions.
//
// The compositor has AVX2 kernels and plain ones. This suite runs with whatever the CPU gives; ctest runs it a
// second time with MAGICSHIELD_TEST_SCALAR_KERNELS=1, which switches the plain kernels on for the whole run.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include <cstdio>

#include "i420_buffer.h"
#include "shield_renderer.h"
#include "sprite_png.h"
#include "test_harness.h"

using namespace magicshield;
using mstest::GuardedI420;
using mstest::uniform_rgba;

namespace {

const Yuv kOrange = rgb_to_yuv(255, 160, 40);
const Yuv kBlue = rgb_to_yuv(30, 60, 220);

// A textured background, so "untouched" means something.
void paint_background(GuardedI420& f) {
  for (int y = 0; y < f.height(); ++y)
    for (int x = 0; x < f.width(); ++x) f.Y(x, y) = static_cast<std::uint8_t>(20 + (x * 7 + y * 13) % 200);
  for (int y = 0; y < f.chroma_height(); ++y)
    for (int x = 0; x < f.chroma_width(); ++x) {
      f.U(x, y) = static_cast<std::uint8_t>(60 + (x * 5 + y * 3) % 120);
      f.V(x, y) = static_cast<std::uint8_t>(70 + (x * 11 + y * 2) % 110);
    }
}

const bool kScalarKernels = [] {
  const char* env = std::getenv("MAGICSHIELD_TEST_SCALAR_KERNELS");
  const bool scalar = env != nullptr && env[0] == '1';
  if (scalar) set_vector_kernels(false);
  return scalar;
}();

// Both rings an opaque orange disc filling the sprite: a shield whose visible extent is exactly its diameter.
const ShieldSprites& orange_disc() {
  static const ShieldSprites s =
      mstest::sprites_from(mstest::disc_rgba(64, 255, 160, 40), mstest::disc_rgba(64, 255, 160, 40));
  return s;
}

struct DiscReport {
  int inside_checked = 0, inside_wrong = 0;
  int outside_checked = 0, outside_changed = 0;
  std::string first_problem;
};

// Pixels whose centre lies well inside the disc must be `colour` (+-1); pixels well outside must be unchanged.
// Luma pixel (x, y) has its centre at (x + .5, y + .5); chroma pixel (i, j) covers 2x2 luma pixels, centre
// (2i + 1, 2j + 1). The band around the rim (bilinear edge of the sprite) is not judged.
DiscReport check_disc(GuardedI420& f, GuardedI420& before, Point2 c, float diameter, Yuv colour) {
  DiscReport rep;
  const float r = 0.5f * diameter;
  auto judge = [&](float d, float band, int got, int was, int want, const char* plane, int x, int y) {
    if (d < r - band) {
      ++rep.inside_checked;
      if (std::abs(got - want) > 1) {
        ++rep.inside_wrong;
        if (rep.first_problem.empty())
          rep.first_problem = std::string(plane) + " (" + std::to_string(x) + "," + std::to_string(y) +
                              ") inside: " + std::to_string(got) + " want " + std::to_string(want);
      }
    } else if (d > r + band) {
      ++rep.outside_checked;
      if (got != was) {
        ++rep.outside_changed;
        if (rep.first_problem.empty())
          rep.first_problem =
              std::string(plane) + " (" + std::to_string(x) + "," + std::to_string(y) + ") outside changed";
      }
    }
  };
  for (int y = 0; y < f.height(); ++y)
    for (int x = 0; x < f.width(); ++x)
      judge(std::hypot(x + 0.5f - c.x, y + 0.5f - c.y), 2.f, f.Y(x, y), before.Y(x, y), colour.y, "Y", x, y);
  for (int y = 0; y < f.chroma_height(); ++y)
    for (int x = 0; x < f.chroma_width(); ++x) {
      const float d = std::hypot(2.f * x + 1.f - c.x, 2.f * y + 1.f - c.y);
      judge(d, 3.f, f.U(x, y), before.U(x, y), colour.u, "U", x, y);
      judge(d, 3.f, f.V(x, y), before.V(x, y), colour.v, "V", x, y);
    }
  return rep;
}

void expect_clean_disc(const DiscReport& rep) {
  CHECK_EQ(rep.inside_wrong, 0);
  CHECK_EQ(rep.outside_changed, 0);
  if (!rep.first_problem.empty()) CHECK_EQ(rep.first_problem, std::string());
}

}  // namespace

TEST(shield_renderer, transparent_sprites_leave_the_frame_byte_identical) {
  // Transparent texels with a colour underneath: premultiplication must make them invisible.
  const ShieldSprites clear = mstest::sprites_from(uniform_rgba(64, 255, 0, 0, 0), uniform_rgba(64, 0, 255, 255, 0));
  GuardedI420 f(160, 120), before(160, 120);
  paint_background(f);
  paint_background(before);
  for (float angle : {0.f, 37.f, 200.f}) {
    draw_shield(f.image(), clear, {{80.3f, 60.7f}, 90.f, angle, 1.f});
    draw_shield(f.image(), clear, {{0.f, 0.f}, 70.f, angle, 1.f});
  }
  CHECK(f.same_pixels(before));
  CHECK_EQ(f.guard_damage(), std::string());
}

TEST(shield_renderer, opaque_disc_sprite_fills_the_disc_with_its_exact_colour) {
  std::printf("  kernels: %s\n", kScalarKernels ? "plain (forced)" : "default (AVX2 where available)");
  for (float angle : {0.f, 37.f, -123.f}) {
    CONTEXT("angle " << angle);
    GuardedI420 f(160, 120), before(160, 120);
    paint_background(f);
    paint_background(before);
    const Point2 c{80.3f, 60.7f};
    draw_shield(f.image(), orange_disc(), {c, 60.f, angle, 1.f});
    const DiscReport rep = check_disc(f, before, c, 60.f, kOrange);
    CHECK(rep.inside_checked > 2000);
    CHECK(rep.outside_checked > 10000);
    expect_clean_disc(rep);
    CHECK_EQ(f.guard_damage(), std::string());
  }
}

TEST(shield_renderer, fully_opaque_square_sprite_colours_at_least_the_whole_disc) {
  // The sprite's alpha decides the shape: a square sprite opaque to its corners may colour its corners too, but
  // the disc must be exact, and nothing beyond the square's circumscribed circle may change.
  const ShieldSprites square =
      mstest::sprites_from(uniform_rgba(64, 255, 160, 40, 255), uniform_rgba(64, 255, 160, 40, 255));
  for (float angle : {0.f, 37.f}) {
    CONTEXT("angle " << angle);
    GuardedI420 f(160, 120), before(160, 120);
    paint_background(f);
    paint_background(before);
    const Point2 c{80.3f, 60.7f};
    draw_shield(f.image(), square, {c, 60.f, angle, 1.f});
    const DiscReport inside = check_disc(f, before, c, 60.f, kOrange);
    CHECK_EQ(inside.inside_wrong, 0);
    const DiscReport outside = check_disc(f, before, c, 60.f * std::sqrt(2.f) + 2.f, kOrange);
    CHECK_EQ(outside.outside_changed, 0);
    CHECK_EQ(f.guard_damage(), std::string());
  }
}

TEST(shield_renderer, transparent_centre_of_a_ring_sprite_keeps_exact_pixels) {
  // An opaque ring (radius 0.6 .. 0.95 of the half size) with a transparent hole.
  cv::Mat ring(64, 64, CV_8UC4, cv::Scalar(0, 0, 0, 0));
  for (int y = 0; y < 64; ++y)
    for (int x = 0; x < 64; ++x) {
      const float d = std::hypot(x + 0.5f - 32.f, y + 0.5f - 32.f) / 32.f;
      if (d > 0.6f && d < 0.95f) ring.at<cv::Vec4b>(y, x) = cv::Vec4b(40, 160, 255, 255);
    }
  const ShieldSprites sprites = mstest::sprites_from(ring, ring);
  GuardedI420 f(160, 120), before(160, 120);
  paint_background(f);
  paint_background(before);
  const Point2 c{81.f, 59.f};
  draw_shield(f.image(), sprites, {c, 100.f, 21.f, 1.f});
  int hole_changed = 0, ring_wrong = 0;
  for (int y = 0; y < 120; ++y)
    for (int x = 0; x < 160; ++x) {
      const float d = std::hypot(x + 0.5f - c.x, y + 0.5f - c.y) / 50.f;
      if (d < 0.5f && f.Y(x, y) != before.Y(x, y)) ++hole_changed;
      if (d > 0.7f && d < 0.85f && std::abs(f.Y(x, y) - kOrange.y) > 1) ++ring_wrong;
    }
  CHECK_EQ(hole_changed, 0);
  CHECK_EQ(ring_wrong, 0);
}

TEST(shield_renderer, clockwise_ring_is_drawn_over_the_counter_clockwise_one) {
  const Point2 c{50.f, 50.f};
  GuardedI420 f(100, 100);
  f.fill(100, 128, 128);
  draw_shield(f.image(), mstest::sprites_from(uniform_rgba(32, 255, 160, 40, 255), uniform_rgba(32, 30, 60, 220, 255)),
              {c, 60.f, 10.f, 1.f});
  CHECK_NEAR(f.Y(50, 50), kOrange.y, 1);
  CHECK_NEAR(f.U(25, 25), kOrange.u, 1);
  f.fill(100, 128, 128);
  // Clockwise ring transparent: the counter-clockwise one shows through.
  draw_shield(f.image(), mstest::sprites_from(uniform_rgba(32, 255, 160, 40, 0), uniform_rgba(32, 30, 60, 220, 255)),
              {c, 60.f, 10.f, 1.f});
  CHECK_NEAR(f.Y(50, 50), kBlue.y, 1);
  CHECK_NEAR(f.V(25, 25), kBlue.v, 1);
}

TEST(shield_renderer, rings_turn_in_opposite_directions) {
  // Sprite: left half red, right half blue. The clockwise ring turned by +90 degrees (clockwise on screen, y down)
  // brings its left half to the top; the counter-clockwise ring turns by -90 and brings it to the bottom.
  const cv::Mat split = mstest::split_rgba(64, {255, 0, 0}, {0, 0, 255});
  const Yuv red = rgb_to_yuv(255, 0, 0), blue = rgb_to_yuv(0, 0, 255);
  const cv::Mat clear = uniform_rgba(64, 0, 0, 0, 0);
  GuardedI420 f(100, 100);
  f.fill(128, 128, 128);
  draw_shield(f.image(), mstest::sprites_from(split, clear), {{50.f, 50.f}, 80.f, 90.f, 1.f});
  CHECK_NEAR(f.Y(50, 25), red.y, 1);   // above the centre
  CHECK_NEAR(f.Y(50, 75), blue.y, 1);  // below
  f.fill(128, 128, 128);
  draw_shield(f.image(), mstest::sprites_from(clear, split), {{50.f, 50.f}, 80.f, 90.f, 1.f});
  CHECK_NEAR(f.Y(50, 25), blue.y, 1);
  CHECK_NEAR(f.Y(50, 75), red.y, 1);
  // At angle 0 both are as drawn: red on the left.
  f.fill(128, 128, 128);
  draw_shield(f.image(), mstest::sprites_from(split, clear), {{50.f, 50.f}, 80.f, 0.f, 1.f});
  CHECK_NEAR(f.Y(25, 50), red.y, 1);
  CHECK_NEAR(f.Y(75, 50), blue.y, 1);
}

TEST(shield_renderer, clips_at_every_edge_and_corner_without_writing_outside) {
  const int w = 120, h = 80;
  const float d = 60.f;
  const Point2 centres[] = {{0, 40},   {120, 40}, {60, 0},   {60, 80},                  // edges
                            {0, 0},    {120, 0},  {0, 80},   {120, 80},                 // corners
                            {-10, 40}, {130, 90}, {60, -25}, {-100, -100}, {151, 40}};  // over and beyond
  for (const Point2& c : centres) {
    CONTEXT("centre (" << c.x << ", " << c.y << ")");
    GuardedI420 f(w, h), before(w, h);
    paint_background(f);
    paint_background(before);
    draw_shield(f.image(), orange_disc(), {c, d, 15.f, 1.f});
    CHECK_EQ(f.guard_damage(), std::string());
    expect_clean_disc(check_disc(f, before, c, d, kOrange));
  }
}

TEST(shield_renderer, clipped_disc_keeps_its_full_radius) {
  // The prototype shrank the shield to fit the frame; we clip it. Centred on the left edge, the row through the
  // centre is drawn for the full radius; at the bottom-right corner a pixel 26 px up the edge (inside the full
  // circle, outside any shrunken one) is drawn.
  const int w = 120, h = 80;
  const float d = 60.f;
  {
    GuardedI420 f(w, h), before(w, h);
    paint_background(f);
    paint_background(before);
    draw_shield(f.image(), orange_disc(), {{0.f, 40.f}, d, 0.f, 1.f});
    int run = 0;
    while (run < w && std::abs(f.Y(run, 40) - kOrange.y) <= 1) ++run;
    CHECK(run >= 28 && run <= 31);  // radius 30, minus the soft rim
    int changed_beyond = 0;
    for (int x = 32; x < w; ++x) changed_beyond += f.Y(x, 40) != before.Y(x, 40);
    CHECK_EQ(changed_beyond, 0);
    int column = 0;  // and vertically, along the first column: 2 * radius
    for (int y = 0; y < h; ++y) column += std::abs(f.Y(0, y) - kOrange.y) <= 1;
    CHECK(column >= 56 && column <= 61);
  }
  {
    GuardedI420 f(w, h);
    paint_background(f);
    draw_shield(f.image(), orange_disc(), {{120.f, 80.f}, d, 0.f, 1.f});
    CHECK_NEAR(f.Y(w - 1, h - 1 - 26), kOrange.y, 1);
    CHECK_NEAR(f.Y(w - 1 - 26, h - 1), kOrange.y, 1);
    CHECK_NEAR(f.Y(w - 1 - 18, h - 1 - 18), kOrange.y, 1);  // 26 px out along the diagonal
  }
}

TEST(shield_renderer, shield_bigger_than_the_frame_covers_it) {
  GuardedI420 f(120, 80), before(120, 80);
  paint_background(f);
  paint_background(before);
  draw_shield(f.image(), orange_disc(), {{60.f, 40.f}, 400.f, 33.f, 1.f});
  expect_clean_disc(check_disc(f, before, {60.f, 40.f}, 400.f, kOrange));
  CHECK_EQ(f.guard_damage(), std::string());
  // Far larger than the sprite (64 px) and the frame: still clipped, still exact.
  GuardedI420 g(120, 80);
  paint_background(g);
  draw_shield(g.image(), orange_disc(), {{-500.f, 40.f}, 1400.f, 33.f, 1.f});
  CHECK_NEAR(g.Y(119, 0), kOrange.y, 1);
  CHECK_EQ(g.guard_damage(), std::string());
}

TEST(shield_renderer, absurd_placements_draw_nothing) {
  // Any finite shield_scale is accepted, so diameters and centres may be huge: beyond 2^20 pixels nothing is drawn.
  constexpr float kInf = std::numeric_limits<float>::infinity();
  const ShieldPlacement absurd[] = {
      {{60.f, 40.f}, 3e6f, 0.f, 1.f},          {{60.f, 40.f}, 1e30f, 0.f, 1.f},
      {{60.f, 40.f}, kInf, 0.f, 1.f},          {{-3e9f, 40.f}, 200.f, 0.f, 1.f},
      {{60.f, 1e38f}, 200.f, 0.f, 1.f},        {{std::nanf(""), 40.f}, 200.f, 0.f, 1.f},
      {{60.f, 40.f}, std::nanf(""), 0.f, 1.f}, {{60.f, 40.f}, 40.f, std::nanf(""), 1.f},
      {{60.f, 40.f}, 40.f, kInf, 1.f},         {{60.f, 40.f}, 40.f, 0.f, std::nanf("")},
  };
  for (const ShieldPlacement& p : absurd) {
    CONTEXT("centre " << p.centre.x << "," << p.centre.y << " diameter " << p.diameter);
    GuardedI420 f(120, 80), before(120, 80);
    paint_background(f);
    paint_background(before);
    draw_shield(f.image(), orange_disc(), p);
    CHECK(f.same_pixels(before));
    CHECK_EQ(f.guard_damage(), std::string());
  }
}

TEST(shield_renderer, odd_frame_sizes_draw_into_the_last_chroma_column_and_no_further) {
  const int w = 101, h = 77;  // chroma 51 x 39
  const Point2 centres[] = {{50.5f, 38.5f}, {101, 77}, {0, 0}, {101, 0}, {0, 77}, {95, 70}};
  for (const Point2& c : centres) {
    CONTEXT("centre (" << c.x << ", " << c.y << ")");
    GuardedI420 f(w, h), before(w, h);
    REQUIRE_EQ(f.chroma_width(), 51);
    REQUIRE_EQ(f.chroma_height(), 39);
    paint_background(f);
    paint_background(before);
    draw_shield(f.image(), orange_disc(), {c, 50.f, 71.f, 1.f});
    CHECK_EQ(f.guard_damage(), std::string());
    expect_clean_disc(check_disc(f, before, c, 50.f, kOrange));
  }
  // The last chroma pixel (50, 38) covers luma (100..101, 76..77): centred on the frame's corner it is drawn.
  GuardedI420 f(w, h);
  paint_background(f);
  draw_shield(f.image(), orange_disc(), {{101.f, 77.f}, 50.f, 0.f, 1.f});
  CHECK_NEAR(f.U(50, 38), kOrange.u, 1);
  CHECK_NEAR(f.V(50, 38), kOrange.v, 1);
  CHECK_NEAR(f.Y(100, 76), kOrange.y, 1);
}

TEST(shield_renderer, opacity_zero_draws_nothing_and_half_blends_halfway) {
  GuardedI420 f(100, 100), before(100, 100);
  paint_background(f);
  paint_background(before);
  draw_shield(f.image(), orange_disc(), {{50.f, 50.f}, 60.f, 0.f, 0.f});
  draw_shield(f.image(), orange_disc(), {{50.f, 50.f}, 0.5f, 0.f, 1.f});  // under a pixel across: nothing
  CHECK(f.same_pixels(before));

  GuardedI420 g(100, 100);
  g.fill(100, 90, 170);
  draw_shield(g.image(), orange_disc(), {{50.f, 50.f}, 60.f, 0.f, 0.5f});
  int bad = 0;
  for (int y = 35; y < 65; ++y)
    for (int x = 35; x < 65; ++x) bad += std::abs(g.Y(x, y) - (100 + kOrange.y) / 2.0) > 1.5;
  CHECK_EQ(bad, 0);
  CHECK_NEAR(g.U(25, 25), (90 + kOrange.u) / 2.0, 1.5);
  CHECK_NEAR(g.V(25, 25), (170 + kOrange.v) / 2.0, 1.5);
  // Opacity above 1 is treated as 1.
  GuardedI420 k(100, 100);
  k.fill(100, 90, 170);
  draw_shield(k.image(), orange_disc(), {{50.f, 50.f}, 60.f, 0.f, 3.f});
  CHECK_NEAR(k.Y(50, 50), kOrange.y, 1);
}

TEST(shield_renderer, small_shields_sample_a_smaller_mip_level_and_stay_exact) {
  // 20 px across with a 64 px sprite: level 32 for luma, 16 for chroma. The colour must still be exact.
  GuardedI420 f(64, 64), before(64, 64);
  paint_background(f);
  paint_background(before);
  draw_shield(f.image(), orange_disc(), {{30.f, 33.f}, 20.f, 45.f, 1.f});
  expect_clean_disc(check_disc(f, before, {30.f, 33.f}, 20.f, kOrange));
}

TEST(shield_renderer, vector_and_plain_kernels_agree) {
  // A soft ring: alpha and colour gradients everywhere, so the bilinear weights and the blending all matter.
  cv::Mat ring(96, 96, CV_8UC4, cv::Scalar(0, 0, 0, 0));
  for (int y = 0; y < 96; ++y)
    for (int x = 0; x < 96; ++x) {
      const float d = std::hypot(x + 0.5f - 48.f, y + 0.5f - 48.f) / 48.f;
      const float a = std::max(0.f, 1.f - std::fabs(d - 0.75f) * 5.f);
      ring.at<cv::Vec4b>(y, x) = cv::Vec4b(static_cast<std::uint8_t>(2 * x), static_cast<std::uint8_t>(200 - y),
                                           static_cast<std::uint8_t>(x + y), static_cast<std::uint8_t>(255.f * a));
    }
  const ShieldSprites sprites = mstest::sprites_from(ring, mstest::split_rgba(96, {40, 220, 90}, {255, 40, 200}));
  const ShieldPlacement placements[] = {{{50.5f, 38.2f}, 70.f, 23.f, 1.f},
                                        {{3.f, 70.f}, 45.f, -141.f, 0.7f},
                                        {{99.f, 5.f}, 120.f, 300.f, 0.35f},
                                        {{60.f, 40.f}, 13.f, 10.f, 1.f}};
  for (const ShieldPlacement& p : placements) {
    CONTEXT("centre (" << p.centre.x << ", " << p.centre.y << "), diameter " << p.diameter);
    GuardedI420 vec(101, 77), plain(101, 77);
    paint_background(vec);
    paint_background(plain);
    set_vector_kernels(true);
    draw_shield(vec.image(), sprites, p);
    set_vector_kernels(false);
    draw_shield(plain.image(), sprites, p);
    set_vector_kernels(!kScalarKernels);
    int worst = 0;
    for (int y = 0; y < 77; ++y)
      for (int x = 0; x < 101; ++x) worst = std::max(worst, std::abs(vec.Y(x, y) - plain.Y(x, y)));
    for (int y = 0; y < 39; ++y)
      for (int x = 0; x < 51; ++x)
        worst = std::max({worst, std::abs(vec.U(x, y) - plain.U(x, y)), std::abs(vec.V(x, y) - plain.V(x, y))});
    CHECK(worst <= 1);
    CHECK_EQ(vec.guard_damage(), std::string());
    CHECK_EQ(plain.guard_damage(), std::string());
  }
}
