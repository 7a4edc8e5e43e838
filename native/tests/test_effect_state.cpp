// Each hand's effect across frames (effect_state.h): fade in and out by the frames' timestamps, ring rotation,
// gesture state, smoothing, and a lost hand kept while its shield fades out.
#include <cmath>
#include <cstdint>
#include <vector>

#include "effect_state.h"
#include "synthetic_hands.h"
#include "test_harness.h"

using namespace magicshield;

namespace {

// A synthetic open hand measures an open ratio of about 1.45: a shield by default.
TrackedHand hand(int id, Point2 wrist) {
  TrackedHand h;
  h.id = id;
  h.result.landmarks = mstest::open_hand(wrist);
  h.result.presence = 0.95f;
  return h;
}

EffectOptions plain() {
  EffectOptions o;
  o.fade_ms = 100.f;
  o.degrees_per_second = 90.f;
  o.smoothing = false;
  return o;
}

constexpr std::int64_t kFrameUs = 25000;  // 40 fps: a quarter of the fade per frame

}  // namespace

TEST(effect_state, a_shield_fades_in_by_the_frame_timestamps_and_turns) {
  EffectState s;
  const std::vector<TrackedHand> seen = {hand(7, {100.f, 200.f})};
  const float expected_opacity[] = {0.f, 0.25f, 0.5f, 0.75f, 1.f, 1.f};  // the first frame has no time step
  for (int i = 0; i < 6; ++i) {
    CONTEXT("frame " << i);
    s.update(seen, i * kFrameUs, plain());
    REQUIRE_EQ(s.hands().size(), 1u);
    const HandEffect& e = s.hands().at(7);
    CHECK(e.seen_now);
    CHECK(e.gesture.state() == HandState::kShield);
    CHECK_NEAR(e.opacity, expected_opacity[i], 1e-5);
    CHECK_NEAR(e.angle_degrees, 90.f * 0.025f * i, 1e-4);
  }
}

TEST(effect_state, measures_come_from_the_drawn_landmarks) {
  EffectState s;
  EffectOptions o = plain();
  o.shield_scale = 3.f;
  const TrackedHand h = hand(1, {100.f, 200.f});
  s.update({h}, 0, o);
  const HandEffect& e = s.hands().at(1);
  CHECK_EQ(e.drawn[kMiddleTip].x, h.result.landmarks[kMiddleTip].x);  // no smoothing
  CHECK_NEAR(e.measures.shield_diameter, 3.f * std::hypot(20.f, 60.f), 1e-3);
  CHECK_EQ(e.measures.shield_centre.x, h.result.landmarks[kMiddleMcp].x);
}

TEST(effect_state, a_long_gap_is_not_animated_across) {
  EffectState s;
  s.update({hand(1, {100.f, 200.f})}, 0, plain());
  s.update({hand(1, {100.f, 200.f})}, 5000000, plain());  // 5 s later: counts as 200 ms
  CHECK_NEAR(s.hands().at(1).angle_degrees, 90.f * 0.2f, 1e-4);
  CHECK_NEAR(s.hands().at(1).opacity, 1.f, 1e-6);
  // Rotation wraps at 360 degrees.
  EffectOptions fast = plain();
  fast.degrees_per_second = 1800.f;  // 360 degrees per 200 ms step
  s.update({hand(1, {100.f, 200.f})}, 5100000, fast);
  CHECK_NEAR(s.hands().at(1).angle_degrees, 18.f + 180.f, 1e-3);
  s.update({hand(1, {100.f, 200.f})}, 5300000, fast);
  CHECK_NEAR(s.hands().at(1).angle_degrees, 18.f + 180.f, 1e-3);
}

TEST(effect_state, a_lost_hand_stays_while_its_shield_fades_out) {
  EffectState s;
  for (int i = 0; i < 5; ++i) s.update({hand(1, {100.f, 200.f}), hand(2, {400.f, 200.f})}, i * kFrameUs, plain());
  CHECK_NEAR(s.hands().at(1).opacity, 1.f, 1e-6);
  const float expected_opacity[] = {0.75f, 0.5f, 0.25f};
  for (int i = 0; i < 3; ++i) {
    CONTEXT("frame " << i << " after the loss");
    s.update({hand(2, {400.f, 200.f})}, (5 + i) * kFrameUs, plain());
    REQUIRE_EQ(s.hands().size(), 2u);
    CHECK(!s.hands().at(1).seen_now);
    CHECK(s.hands().at(2).seen_now);
    CHECK_NEAR(s.hands().at(1).opacity, expected_opacity[i], 1e-5);
  }
  s.update({hand(2, {400.f, 200.f})}, 8 * kFrameUs, plain());
  CHECK_EQ(s.hands().size(), 1u);
  CHECK_EQ(s.hands().count(1), 0u);
}

TEST(effect_state, a_hand_below_the_open_threshold_shows_lines_and_its_shield_fades) {
  EffectState s;
  for (int i = 0; i < 5; ++i) s.update({hand(1, {100.f, 200.f})}, i * kFrameUs, plain());
  EffectOptions high = plain();
  high.open_threshold = 3.f;  // the same hand is now "not open enough"
  s.update({hand(1, {100.f, 200.f})}, 5 * kFrameUs, high);
  const HandEffect& e = s.hands().at(1);
  CHECK(e.gesture.state() == HandState::kLines);
  CHECK_NEAR(e.opacity, 0.75f, 1e-5);
  high.lines_min_ratio = 2.f;
  s.update({hand(1, {100.f, 200.f})}, 6 * kFrameUs, high);
  CHECK(s.hands().at(1).gesture.state() == HandState::kIdle);
}

TEST(effect_state, no_fade_time_shows_and_hides_at_once) {
  EffectState s;
  EffectOptions o = plain();
  o.fade_ms = 0.f;
  s.update({hand(1, {100.f, 200.f})}, 0, o);
  CHECK_EQ(s.hands().at(1).opacity, 1.f);
  s.update({}, kFrameUs, o);
  CHECK(s.hands().empty());
}

TEST(effect_state, smoothing_follows_a_jump_part_of_the_way) {
  EffectState s;
  EffectOptions o = plain();
  o.smoothing = true;
  s.update({hand(1, {100.f, 200.f})}, 0, o);
  CHECK_NEAR(s.hands().at(1).drawn[kWrist].x, 100.f, 1e-4);  // the first sample is taken as it is
  s.update({hand(1, {110.f, 200.f})}, kFrameUs, o);
  const float x = s.hands().at(1).drawn[kWrist].x;
  CHECK(x > 100.f && x < 110.f);
}

TEST(effect_state, reset_forgets_the_clock_and_forget_hands_keeps_it) {
  EffectState s;
  s.update({hand(1, {100.f, 200.f})}, 0, plain());
  s.forget_hands();
  CHECK(s.hands().empty());
  s.update({hand(2, {100.f, 200.f})}, kFrameUs, plain());
  CHECK_NEAR(s.hands().at(2).opacity, 0.25f, 1e-5);  // a new hand, one step of the running clock
  s.reset();
  s.update({hand(3, {100.f, 200.f})}, 2 * kFrameUs, plain());
  CHECK_EQ(s.hands().at(3).opacity, 0.f);  // the clock starts again: no step
  CHECK_EQ(s.hands().size(), 1u);
}
