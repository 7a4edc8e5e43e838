// One-euro filter and landmark smoother (one_euro_filter.h).
#include <algorithm>
#include <cmath>

#include "one_euro_filter.h"
#include "synthetic_hands.h"
#include "test_harness.h"

using namespace magicshield;

namespace {

constexpr std::int64_t kFrameUs = 33333;

// Frames until a 0 -> 10 step is followed to within 10 %, or -1 if it never is (or overshoots/goes backwards).
int frames_to_follow_step(const OneEuroParams& p, float value_scale) {
  OneEuroFilter f;
  std::int64_t t = 0;
  for (int i = 0; i < 5; ++i) f.filter(0.f, t += kFrameUs, value_scale, p);
  float last = 0.f;
  for (int i = 1; i <= 600; ++i) {
    const float v = f.filter(10.f, t += kFrameUs, value_scale, p);
    if (v < last - 1e-6f || v > 10.f + 1e-4f) return -1;
    last = v;
    if (v >= 9.f) return i;
  }
  return -1;
}

}  // namespace

TEST(one_euro_filter, constant_input_stays_constant) {
  OneEuroFilter f;
  const OneEuroParams p;
  for (int i = 0; i < 100; ++i) CHECK_EQ(f.filter(5.25f, i * kFrameUs, 0.01f, p), 5.25f);
}

TEST(one_euro_filter, first_value_passes_through) {
  OneEuroFilter f;
  CHECK_EQ(f.filter(-42.f, 123456, 1.f, OneEuroParams{}), -42.f);
  f.reset();
  CHECK_EQ(f.filter(7.f, 200000, 1.f, OneEuroParams{}), 7.f);  // after reset, as new
}

TEST(one_euro_filter, step_is_followed_monotonically_and_faster_with_higher_beta) {
  OneEuroParams slow;
  slow.beta = 0.f;
  OneEuroParams fast;  // the defaults: beta 80
  OneEuroParams faster = fast;
  faster.beta = 800.f;
  const float scale = 0.01f;  // a 100 px hand
  const int n_slow = frames_to_follow_step(slow, scale);
  const int n_fast = frames_to_follow_step(fast, scale);
  const int n_faster = frames_to_follow_step(faster, scale);
  CHECK(n_slow > 0);  // reaches it eventually, never overshooting or going back
  CHECK(n_fast > 0);
  CHECK(n_faster > 0);
  CHECK(n_fast < n_slow);
  CHECK(n_faster <= n_fast);
  // With beta 0 it is a plain low-pass at min_cutoff (0.05 Hz): slow, tens of frames at 30 fps at the very least.
  CHECK(n_slow > 60);
  // The defaults follow a 10 % of hand size jump within a few frames.
  CHECK(n_fast <= 5);
}

TEST(one_euro_filter, repeated_or_backwards_timestamps_neither_divide_by_zero_nor_jump) {
  OneEuroFilter f;
  const OneEuroParams p;
  CHECK_EQ(f.filter(0.f, 1000000, 0.01f, p), 0.f);
  const float repeated = f.filter(10.f, 1000000, 0.01f, p);
  CHECK(std::isfinite(repeated));
  CHECK_EQ(repeated, 0.f);  // no time passed: nothing to move by
  const float backwards = f.filter(20.f, 900000, 0.01f, p);
  CHECK(std::isfinite(backwards));
  CHECK_EQ(backwards, 0.f);
  // Time moves on again: a normal, finite step towards the input.
  const float next = f.filter(20.f, 1033333, 0.01f, p);
  CHECK(std::isfinite(next));
  CHECK(next > 0.f && next <= 20.f);
}

TEST(one_euro_filter, smoother_scales_by_hand_size) {
  // Hand B is hand A scaled 3x (about the origin) at every frame: the same motion relative to the hand's size.
  // Scaling speeds by 1 / hand size makes the smoothing the same relative to the hand: B's output is 3x A's.
  LandmarkSmoother sa, sb;
  const OneEuroParams p;
  bool smoothed_something = false;
  double worst = 0;
  for (int k = 0; k < 30; ++k) {
    const float jitter = (k % 3 == 0) ? 2.f : (k % 3 == 1 ? -1.f : 0.f);
    const Landmarks a = mstest::open_hand({100.f + 5.f * k + jitter, 200.f - 2.f * k}, 1.f, 0.02f * k);
    Landmarks b = a;
    for (auto& l : b) l = {3.f * l.x, 3.f * l.y, 3.f * l.z};
    const Landmarks oa = sa.smooth(a, k * kFrameUs, p);
    const Landmarks ob = sb.smooth(b, k * kFrameUs, p);
    for (int i = 0; i < kNumLandmarks; ++i) {
      worst = std::max({worst, std::fabs(ob[i].x - 3.0 * oa[i].x) / 3.0, std::fabs(ob[i].y - 3.0 * oa[i].y) / 3.0});
      if (std::fabs(oa[i].x - a[i].x) > 0.1f) smoothed_something = true;
    }
  }
  CHECK_NEAR(worst, 0.0, 2e-3);  // in A's pixels
  CHECK(smoothed_something);     // the filter did lag somewhere: this compared real smoothing
}

TEST(one_euro_filter, smoother_holds_a_still_hand_still) {
  LandmarkSmoother s;
  const Landmarks still = mstest::open_hand({320.f, 240.f}, 1.5f, 0.3f);
  Landmarks out{};
  for (int k = 0; k < 20; ++k) out = s.smooth(still, k * kFrameUs, OneEuroParams{});
  for (int i = 0; i < kNumLandmarks; ++i) {
    CHECK_NEAR(out[i].x, still[i].x, 1e-3);
    CHECK_NEAR(out[i].y, still[i].y, 1e-3);
  }
}
