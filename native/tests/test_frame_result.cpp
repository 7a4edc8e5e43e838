// The frame's hands in the public result (frame_result.h): the tracker's raw landmarks and handedness, each hand's
// effect state beside them, in the tracker's order, at most kMaxHands.
#include <vector>

#include "effect_state.h"
#include "frame_result.h"
#include "synthetic_hands.h"
#include "test_harness.h"

using namespace magicshield;

namespace {

TrackedHand hand(int id, Point2 wrist, float handedness, bool from_palm) {
  TrackedHand h;
  h.id = id;
  h.result.landmarks = mstest::open_hand(wrist);
  h.result.handedness = handedness;
  h.result.presence = 0.9f;
  h.from_palm = from_palm;
  return h;
}

}  // namespace

TEST(frame_result, hands_carry_the_trackers_landmarks_and_their_effect) {
  // Ids out of order: the result keeps the tracker's order, not the effect state's.
  const std::vector<TrackedHand> tracked = {hand(5, {300.f, 200.f}, 0.8f, true), hand(2, {100.f, 200.f}, 0.3f, false)};
  EffectOptions o;
  o.smoothing = true;
  o.fade_ms = 0.f;
  EffectState effects;
  effects.update(tracked, 0, o);
  std::vector<TrackedHand> moved = tracked;
  for (TrackedHand& h : moved) h.result.landmarks = mstest::open_hand({h.result.landmarks[kWrist].x + 8.f, 200.f});
  effects.update(moved, 33000, o);  // smoothed landmarks now differ from the raw ones

  FrameResult r{};
  fill_hand_results(moved, effects, r);
  REQUIRE_EQ(r.hand_count, 2);
  for (int i = 0; i < 2; ++i) {
    CONTEXT("hand " << i);
    const TrackedHand& t = moved[i];
    const HandEffect& e = effects.hands().at(t.id);
    const HandResult& h = r.hands[i];
    CHECK_EQ(h.id, t.id);
    CHECK_EQ(h.presence, 0.9f);
    CHECK_EQ(h.landmarks[0], t.result.landmarks[0].x);  // raw, not the smoothed ones drawn
    CHECK(h.landmarks[0] != e.drawn[0].x);
    CHECK_EQ(h.landmarks[3 * 20 + 1], t.result.landmarks[20].y);
    CHECK_EQ(h.landmarks[3 * 20 + 2], t.result.landmarks[20].z);
    CHECK_EQ(h.open_ratio, e.measures.ratio);
    CHECK_EQ(h.state, static_cast<int>(HandState::kShield));
    CHECK_EQ(h.shield_x, e.measures.shield_centre.x);
    CHECK_EQ(h.shield_y, e.measures.shield_centre.y);
    CHECK_EQ(h.shield_diameter, e.measures.shield_diameter);
    CHECK_EQ(h.shield_opacity, 1.f);
    CHECK_EQ(h.rotation_degrees, e.angle_degrees);
  }
  // Handedness as MediaPipe's label and the confidence of that label.
  CHECK_EQ(r.hands[0].right_handed, 1);
  CHECK_NEAR(r.hands[0].handedness_score, 0.8f, 1e-6);
  CHECK_EQ(r.hands[1].right_handed, 0);
  CHECK_NEAR(r.hands[1].handedness_score, 0.7f, 1e-6);
  CHECK_EQ(r.hands[0].from_palm_detection, 1);
  CHECK_EQ(r.hands[1].from_palm_detection, 0);
}

TEST(frame_result, no_more_than_the_result_can_hold) {
  std::vector<TrackedHand> tracked;
  for (int id = 1; id <= kMaxHands + 2; ++id) tracked.push_back(hand(id, {60.f * id, 200.f}, 0.6f, false));
  EffectState effects;
  effects.update(tracked, 0, EffectOptions{});
  FrameResult r{};
  fill_hand_results(tracked, effects, r);
  CHECK_EQ(r.hand_count, kMaxHands);
  CHECK_EQ(r.hands[kMaxHands - 1].id, kMaxHands);
  FrameResult none{};
  none.hand_count = 3;
  fill_hand_results({}, effects, none);
  CHECK_EQ(none.hand_count, 0);
}
