// Strokes on I420 (line_renderer.h): the hand lines' segments draw on their path, leave far pixels alone and are
// clipped at the frame edges without writing outside the planes.
#include <cmath>
#include <string>

#include "i420_buffer.h"
#include "landmark_overlay.h"
#include "line_renderer.h"
#include "synthetic_hands.h"
#include "test_harness.h"

using namespace magicshield;
using mstest::GuardedI420;

namespace {

const Yuv kRed = rgb_to_yuv(255, 50, 50);  // the prototype's BGR (50, 50, 255)
const Yuv kWhite = rgb_to_yuv(255, 255, 255);

int changed_pixels(GuardedI420& a, GuardedI420& b) {
  int n = 0;
  for (int y = 0; y < a.height(); ++y)
    for (int x = 0; x < a.width(); ++x) n += a.Y(x, y) != b.Y(x, y);
  for (int y = 0; y < a.chroma_height(); ++y)
    for (int x = 0; x < a.chroma_width(); ++x) n += a.U(x, y) != b.U(x, y) || a.V(x, y) != b.V(x, y);
  return n;
}

}  // namespace

TEST(line_renderer, segment_draws_its_colour_on_the_path_only) {
  GuardedI420 f(100, 80), before(100, 80);
  f.fill(128, 128, 128);
  before.fill(128, 128, 128);
  // Horizontal, 5 px wide, along y = 40 (the boundary between pixel rows 39 and 40) from x = 20 to 80.
  draw_segment(f.image(), {20.f, 40.f}, {80.f, 40.f}, Stroke{5.f, kRed, 1.f});
  for (int x = 22; x <= 77; x += 5) {
    CONTEXT("x " << x);
    CHECK_EQ(f.Y(x, 39), kRed.y);
    CHECK_EQ(f.Y(x, 40), kRed.y);
    CHECK_EQ(f.Y(x, 38), kRed.y);
    CHECK_EQ(f.V(x / 2, 19), kRed.v);
    CHECK_EQ(f.Y(x, 30), 128);  // 10 px away: untouched
    CHECK_EQ(f.Y(x, 50), 128);
  }
  CHECK_EQ(f.Y(10, 40), 128);  // beyond the ends
  CHECK_EQ(f.Y(90, 40), 128);
  // Nothing far from the segment changed: every changed luma pixel is within width / 2 + 1 of it.
  int far_changed = 0;
  for (int y = 0; y < 80; ++y)
    for (int x = 0; x < 100; ++x) {
      const float px = x + 0.5f, py = y + 0.5f;
      const float dx = px < 20 ? 20 - px : (px > 80 ? px - 80 : 0.f);
      if (std::hypot(dx, py - 40.f) > 3.5f && f.Y(x, y) != 128) ++far_changed;
    }
  CHECK_EQ(far_changed, 0);
  CHECK_EQ(f.guard_damage(), std::string());
}

// Each row is drawn only where the stroke can reach it: at every angle (steep, shallow, almost level), every pixel
// near the segment is painted and every pixel beyond its reach is left alone.
TEST(line_renderer, slanted_segments_paint_every_pixel_within_reach_and_none_beyond) {
  const struct {
    Point2 a, b;
  } cases[] = {{{10.f, 10.f}, {150.f, 110.f}},
               {{150.f, 5.f}, {20.f, 115.f}},
               {{5.f, 60.f}, {155.f, 61.5f}},
               {{80.f, 2.f}, {82.f, 118.f}},
               {{30.f, 100.f}, {140.f, 20.f}}};
  const float width = 5.f, half = width / 2;
  for (const auto& c : cases) {
    CONTEXT("segment (" << c.a.x << ", " << c.a.y << ") -> (" << c.b.x << ", " << c.b.y << ")");
    GuardedI420 f(160, 120);
    f.fill(128, 128, 128);
    draw_segment(f.image(), c.a, c.b, Stroke{width, kRed, 1.f});
    int missed = 0, stray = 0;
    const float dx = c.b.x - c.a.x, dy = c.b.y - c.a.y, len2 = dx * dx + dy * dy;
    for (int y = 0; y < f.height(); ++y)
      for (int x = 0; x < f.width(); ++x) {
        const float px = x + 0.5f, py = y + 0.5f;
        const float t = std::fmax(0.f, std::fmin(1.f, ((px - c.a.x) * dx + (py - c.a.y) * dy) / len2));
        const float d = std::hypot(px - (c.a.x + t * dx), py - (c.a.y + t * dy));
        if (d <= half - 0.5f && f.Y(x, y) != kRed.y) ++missed;  // full coverage
        if (d >= half + 0.5f && f.Y(x, y) != 128) ++stray;      // no coverage
      }
    CHECK_EQ(missed, 0);
    CHECK_EQ(stray, 0);
    CHECK_EQ(f.guard_damage(), std::string());
  }
}

TEST(line_renderer, zero_opacity_or_width_draws_nothing) {
  GuardedI420 f(50, 50), before(50, 50);
  f.fill(128, 128, 128);
  before.fill(128, 128, 128);
  draw_segment(f.image(), {5.f, 5.f}, {45.f, 45.f}, Stroke{5.f, kRed, 0.f});
  draw_segment(f.image(), {5.f, 5.f}, {45.f, 45.f}, Stroke{0.f, kRed, 1.f});
  CHECK_EQ(changed_pixels(f, before), 0);
}

TEST(line_renderer, zero_length_segment_draws_a_round_dot) {
  GuardedI420 f(50, 50);
  f.fill(128, 128, 128);
  draw_segment(f.image(), {25.f, 25.f}, {25.f, 25.f}, Stroke{6.f, kWhite, 1.f});
  CHECK_EQ(f.Y(24, 24), kWhite.y);
  CHECK_EQ(f.Y(25, 25), kWhite.y);
  CHECK_EQ(f.Y(25, 31), 128);
  CHECK_EQ(f.Y(21, 21), 128);  // the dot's bounding-box corner is outside the round dot
}

TEST(line_renderer, segments_are_clipped_at_the_frame_edges) {
  const int w = 61, h = 45;  // odd on purpose
  struct Case {
    Point2 a, b;
    bool visible;
  };
  const Case cases[] = {
      {{-50.f, 20.f}, {30.f, 20.f}, true},   // enters from the left
      {{30.f, -40.f}, {30.f, 100.f}, true},  // crosses top to bottom
      {{-20.f, -20.f}, {80.f, 70.f}, true},  // corner to corner, beyond both
      {{55.f, 40.f}, {200.f, 300.f}, true},  // leaves through the bottom-right corner
      {{-100.f, -100.f}, {-50.f, -50.f}, false}, {{70.f, 10.f}, {90.f, 30.f}, false},  // entirely to the right
  };
  for (const Case& c : cases) {
    CONTEXT("segment (" << c.a.x << "," << c.a.y << ") - (" << c.b.x << "," << c.b.y << ")");
    GuardedI420 f(w, h), before(w, h);
    f.fill(128, 128, 128);
    before.fill(128, 128, 128);
    draw_segment(f.image(), c.a, c.b, Stroke{5.f, kRed, 1.f});
    CHECK_EQ(f.guard_damage(), std::string());
    CHECK_EQ(changed_pixels(f, before) > 0, c.visible);
  }
  // The part inside is drawn right up to the edge.
  GuardedI420 f(w, h);
  f.fill(128, 128, 128);
  draw_segment(f.image(), {-50.f, 20.f}, {30.f, 20.f}, Stroke{5.f, kRed, 1.f});
  CHECK_EQ(f.Y(0, 20), kRed.y);
  CHECK_EQ(f.Y(0, 19), kRed.y);
}

TEST(line_renderer, hand_lines_are_red_with_a_white_core) {
  // An upright hand: the wrist -> middle fingertip line is vertical (x = wrist.x + small lean).
  GuardedI420 f(200, 200), before(200, 200);
  f.fill(60, 128, 128);
  before.fill(60, 128, 128);
  const Landmarks lm = mstest::open_hand({100.f, 180.f});
  draw_hand_lines(f.image(), lm, 1.f);
  CHECK_EQ(f.guard_damage(), std::string());
  // Halfway along wrist -> middle tip.
  const Point2 mid = (xy(lm[0]) + xy(lm[12])) * 0.5f;
  const int mx = static_cast<int>(mid.x), my = static_cast<int>(mid.y);
  CHECK_NEAR(f.Y(mx, my), kWhite.y, 3);  // on the line: the white core
  // Two pixels to the side: the red stroke (5 px) but not the white core (2.5 px).
  const int side = std::abs(f.Y(mx - 2, my) - kRed.y) <= 3 ? mx - 2 : mx + 2;
  CHECK_NEAR(f.Y(side, my), kRed.y, 3);
  CHECK(f.V(side / 2, my / 2) > 150);  // red-ish chroma (the stroke red has V 218)
  // Far from every line: untouched (top-left corner region).
  int corner_changed = 0;
  for (int y = 0; y < 20; ++y)
    for (int x = 0; x < 20; ++x) corner_changed += f.Y(x, y) != before.Y(x, y);
  CHECK_EQ(corner_changed, 0);
  // Opacity 0 draws nothing.
  GuardedI420 g(200, 200), g0(200, 200);
  g.fill(60, 128, 128);
  g0.fill(60, 128, 128);
  draw_hand_lines(g.image(), lm, 0.f);
  CHECK_EQ(changed_pixels(g, g0), 0);
}

TEST(line_renderer, landmark_overlay_marks_the_joints_and_stays_inside_the_frame) {
  GuardedI420 f(120, 100), before(120, 100);
  f.fill(60, 128, 128);
  before.fill(60, 128, 128);
  // A hand partly outside the frame (its fingers cross the top edge).
  const Landmarks lm = mstest::open_hand({60.f, 70.f}, 1.f);
  draw_landmark_overlay(f.image(), lm);
  CHECK_EQ(f.guard_damage(), std::string());
  const Yuv joint = rgb_to_yuv(255.f, 40.f, 200.f);
  // The wrist and the middle MCP carry a joint dot.
  CHECK_NEAR(f.Y(60, 70), joint.y, 2);
  CHECK_NEAR(f.Y(60, 70 - 62), joint.y, 2);
  CHECK(changed_pixels(f, before) > 200);
  // Far from the hand: untouched.
  CHECK_EQ(f.Y(5, 95), 60);
  CHECK_EQ(f.Y(115, 95), 60);
}
