// Hand measures and the open/closed gesture state with hysteresis (hand_geometry.h).
#include <cmath>

#include "hand_geometry.h"
#include "synthetic_hands.h"
#include "test_harness.h"

using namespace magicshield;

namespace {

HandMeasures measures(float ratio, float extension) {
  HandMeasures m;
  m.ratio = ratio;
  m.finger_extension = extension;
  m.hand_close = 50.f;
  m.hand_open = ratio * 50.f;
  return m;
}

// A hand with wrist (0, 0) and middle MCP (0, -60) (palm 60 along -y), every finger straight up, `length` from MCP
// to tip: each finger's extension is length / 60.
Landmarks upright_fingers(float length) {
  Landmarks lm{};
  lm[0] = {0, 0, 0};
  mstest::straight_finger(lm, 1, {-20.f, -10.f}, mstest::unit(-1.f, -1.f), 12.f);
  const float base_x[4] = {-18.f, 0.f, 16.f, 30.f};
  for (int f = 0; f < 4; ++f) {
    const int mcp = kIndexMcp + 4 * f;
    mstest::straight_finger(lm, mcp, {base_x[f], f == 1 ? -60.f : -57.f}, {0.f, -1.f}, length / 3.f);
  }
  return lm;
}

// The finger at `mcp` folded: its tip ends `below` under its MCP (towards the wrist), joints bent out of the way.
Landmarks with_folded_finger(Landmarks lm, int mcp, float below) {
  const Point2 base = xy(lm[mcp]);
  lm[mcp + 1] = {base.x, base.y - 15.f, 0.f};
  lm[mcp + 2] = {base.x + 3.f, base.y - 5.f, 0.f};
  lm[mcp + 3] = {base.x + 2.f, base.y + below, 0.f};
  return lm;
}

}  // namespace

TEST(hand_geometry, measures_of_a_synthetic_open_hand) {
  const Landmarks lm = mstest::open_hand({200.f, 300.f});
  const HandMeasures m = measure_hand(lm, 2.0f);
  const float close = std::hypot(20.f, 60.f);  // wrist -> index MCP as built
  CHECK_NEAR(m.hand_close, close, 1e-3);
  CHECK_NEAR(m.hand_open, distance(xy(lm[kIndexTip]), xy(lm[kPinkyTip])), 1e-3);
  CHECK_NEAR(m.ratio, m.hand_open / close, 1e-5);
  CHECK(m.ratio > 1.f);  // spread fingers
  CHECK(m.finger_extension > 0.5f);
  CHECK_NEAR(m.shield_centre.x, lm[kMiddleMcp].x, 1e-6);
  CHECK_NEAR(m.shield_centre.y, lm[kMiddleMcp].y, 1e-6);
  CHECK_NEAR(m.shield_diameter, 2.0 * close, 1e-3);
  CHECK_NEAR(measure_hand(lm, 3.5f).shield_diameter, 3.5 * close, 1e-3);
}

TEST(hand_geometry, finger_extension_is_the_least_finger_reach_along_the_hand_over_palm_size) {
  CHECK_NEAR(measure_hand(upright_fingers(45.f), 2.f).finger_extension, 45.0 / 60.0, 1e-4);
  CHECK_NEAR(measure_hand(upright_fingers(30.f), 2.f).finger_extension, 30.0 / 60.0, 1e-4);
  // The least extended finger decides: shorten the ring finger alone.
  Landmarks lm = upright_fingers(45.f);
  mstest::straight_finger(lm, kRingMcp, xy(lm[kRingMcp]), {0.f, -1.f}, 6.f);  // 18 long
  CHECK_NEAR(measure_hand(lm, 2.f).finger_extension, 18.0 / 60.0, 1e-4);
  // A finger pointing sideways does not reach along the hand.
  lm = upright_fingers(45.f);
  mstest::straight_finger(lm, kPinkyMcp, xy(lm[kPinkyMcp]), {1.f, 0.f}, 15.f);
  CHECK_NEAR(measure_hand(lm, 2.f).finger_extension, 0.0, 1e-4);
}

TEST(hand_geometry, folded_fingers_measure_below_zero) {
  const Landmarks open = upright_fingers(45.f);
  for (int mcp : {kIndexMcp, kMiddleMcp, kRingMcp, kPinkyMcp}) {
    CONTEXT("finger at MCP " << mcp);
    // Folded down towards the wrist: seen from the front such a finger can look straight, but it reaches back.
    CHECK_NEAR(measure_hand(with_folded_finger(open, mcp, 12.f), 2.f).finger_extension, -12.0 / 60.0, 1e-4);
  }
  // The thumb does not count.
  CHECK_NEAR(measure_hand(with_folded_finger(open, 1, 12.f), 2.f).finger_extension, 0.75, 1e-4);
}

TEST(hand_geometry, measures_do_not_depend_on_position_rotation_or_scale_except_size) {
  const HandMeasures a = measure_hand(mstest::open_hand({200.f, 300.f}), 2.f);
  const HandMeasures b = measure_hand(mstest::open_hand({500.f, 100.f}, 2.5f, 1.1f), 2.f);
  const HandMeasures c = measure_hand(mstest::open_hand({50.f, 80.f}, 0.5f, -2.7f), 2.f);
  CHECK_NEAR(b.ratio, a.ratio, 1e-4);
  CHECK_NEAR(c.ratio, a.ratio, 1e-4);
  CHECK_NEAR(b.finger_extension, a.finger_extension, 1e-4);
  CHECK_NEAR(c.finger_extension, a.finger_extension, 1e-4);
  CHECK_NEAR(b.hand_close, 2.5 * a.hand_close, 1e-3);
  CHECK_NEAR(b.shield_diameter, 2.5 * a.shield_diameter, 1e-3);
}

TEST(hand_geometry, degenerate_hand_gives_zero_not_nan) {
  Landmarks lm{};
  for (auto& l : lm) l = {10.f, 10.f, 0.f};
  const HandMeasures m = measure_hand(lm, 2.f);
  CHECK_EQ(m.ratio, 0.f);
  CHECK_EQ(m.finger_extension, 0.f);
  CHECK_EQ(m.shield_diameter, 0.f);
  GestureState g;
  CHECK(g.update(m, GestureThresholds{}) == HandState::kIdle);
}

TEST(hand_geometry, first_sighting_uses_the_plain_threshold) {
  const GestureThresholds t;  // show 0.85, hysteresis 0.1
  {
    GestureState g;
    CHECK(g.update(measures(0.86f, 0.8f), t) == HandState::kShield);  // above 0.85, below 0.85 + 0.05
  }
  {
    GestureState g;
    CHECK(g.update(measures(0.84f, 0.8f), t) == HandState::kLines);  // below 0.85, above 0.8
  }
  {
    GestureState g;
    CHECK(g.state() == HandState::kIdle);
    CHECK(g.update(measures(0.3f, 0.8f), t) == HandState::kIdle);
  }
}

TEST(hand_geometry, hysteresis_keeps_the_state_while_the_ratio_hovers) {
  const GestureThresholds t;
  const float wobble[] = {0.81f, 0.89f, 0.84f, 0.86f, 0.805f, 0.895f, 0.85f};
  {
    GestureState open;  // opened, then hovering within +-h/2 of show_ratio: stays open
    REQUIRE(open.update(measures(1.2f, 0.8f), t) == HandState::kShield);
    for (float r : wobble) {
      CONTEXT("ratio " << r);
      CHECK(open.update(measures(r, 0.8f), t) == HandState::kShield);
    }
    CHECK(open.update(measures(0.79f, 0.8f), t) == HandState::kLines);  // below show - h/2: closes
  }
  {
    GestureState closed;  // seen closed, then hovering: stays closed
    REQUIRE(closed.update(measures(0.6f, 0.8f), t) == HandState::kLines);
    for (float r : wobble) {
      CONTEXT("ratio " << r);
      CHECK(closed.update(measures(r, 0.8f), t) == HandState::kLines);
    }
    CHECK(closed.update(measures(0.91f, 0.8f), t) == HandState::kShield);  // above show + h/2: opens
  }
}

TEST(hand_geometry, bent_fingers_keep_it_closed) {
  const GestureThresholds t;  // extension_to_open 0.35, extension_to_stay 0.25
  GestureState g;
  CHECK(g.update(measures(1.4f, -0.2f), t) == HandState::kLines);  // spread but folded
  CHECK(g.update(measures(1.4f, 0.3f), t) == HandState::kLines);   // not extended enough to open
  CHECK(g.update(measures(1.4f, 0.5f), t) == HandState::kShield);
  CHECK(g.update(measures(1.4f, 0.3f), t) == HandState::kShield);  // extended enough to stay open
  CHECK(g.update(measures(1.4f, 0.2f), t) == HandState::kLines);   // bends: closes
  GestureState first;
  CHECK(first.update(measures(1.4f, 0.3f), t) == HandState::kLines);  // first sighting needs extension_to_open
}

TEST(hand_geometry, lines_between_lines_min_ratio_and_the_show_threshold) {
  GestureThresholds t;
  t.show_ratio = 1.0f;
  t.hysteresis = 0.f;
  t.lines_min_ratio = 0.5f;
  GestureState g;
  CHECK(g.update(measures(0.6f, 0.8f), t) == HandState::kLines);
  CHECK(g.update(measures(0.99f, 0.8f), t) == HandState::kLines);
  CHECK(g.update(measures(0.5f, 0.8f), t) == HandState::kIdle);  // "between": 0.5 itself is not above it
  CHECK(g.update(measures(0.4f, 0.8f), t) == HandState::kIdle);
  CHECK(g.update(measures(1.01f, 0.8f), t) == HandState::kShield);
  CHECK(g.update(measures(0.2f, 0.8f), t) == HandState::kIdle);
  // Folded fingers with a lines-range ratio: lines.
  CHECK(g.update(measures(0.7f, -0.3f), t) == HandState::kLines);
}
