// Hand measures, the open score and the open/closed gesture state with hysteresis (hand_geometry.h).
#include <cmath>
#include <vector>

#include "hand_geometry.h"
#include "synthetic_hands.h"
#include "test_harness.h"

using namespace magicshield;

namespace {

constexpr float kDeg = kPi / 180.f;

// A hand in 3D built from joint angles. In the hand's own frame the palm lies in the x-y plane, fingers towards -y,
// the palm's front towards +z; flexion turns a finger towards the front. Degrees throughout.
struct Pose {
  float mcp[4] = {5, 5, 5, 5};  // index, middle, ring, pinky: flexion at each joint
  float pip[4] = {5, 5, 5, 5};
  float dip[4] = {5, 5, 5, 5};
  float spread = 1.f;  // 1: fingers fanned (index to pinky ~48 degrees), 0: together
  enum class Thumb { kOut, kAcrossPalm, kUp, kToIndexTip } thumb = Thumb::kOut;
};

struct V3 {
  float x, y, z;
};
V3 operator+(V3 a, V3 b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
V3 operator*(V3 a, float s) { return {a.x * s, a.y * s, a.z * s}; }

Landmark at(V3 v) { return {v.x, v.y, v.z}; }
V3 v3(const Landmark& l) { return {l.x, l.y, l.z}; }

Landmarks posed_hand(const Pose& p) {
  Landmarks lm{};
  lm[kWrist] = at({0, 0, 0});
  const V3 mcp[4] = {{-20, -60, 0}, {0, -62, 0}, {18, -60, 0}, {33, -54, 0}};
  const float fan[4] = {-20, -3, 12, 28};  // each finger's direction off the hand's axis
  const float bones[4][3] = {{24, 14, 11}, {27, 16, 12}, {25, 15, 11}, {20, 11, 10}};
  for (int f = 0; f < 4; ++f) {
    const float a = fan[f] * p.spread * kDeg;
    const V3 along{std::sin(a), -std::cos(a), 0};
    const V3 front{0, 0, 1};
    V3 joint = mcp[f];
    lm[kIndexMcp + 4 * f] = at(joint);
    float flex = 0;
    const float turns[3] = {p.mcp[f], p.pip[f], p.dip[f]};
    for (int k = 0; k < 3; ++k) {
      flex += turns[k] * kDeg;
      joint = joint + (along * std::cos(flex) + front * std::sin(flex)) * bones[f][k];
      lm[kIndexMcp + 4 * f + k + 1] = at(joint);
    }
  }
  const V3 cmc{-22, -12, 0};
  V3 tip;
  switch (p.thumb) {
    case Pose::Thumb::kOut: tip = cmc + V3{-0.78f, -0.62f, 0} * 42.f; break;
    case Pose::Thumb::kAcrossPalm: tip = V3{25, -40, 12}; break;
    case Pose::Thumb::kUp: tip = cmc + V3{-0.3f, -0.95f, 0.1f} * 44.f; break;
    case Pose::Thumb::kToIndexTip: tip = v3(lm[kIndexTip]); break;
  }
  for (int k = 0; k < 4; ++k) lm[kThumbCmc + k] = at(cmc + (tip + cmc * -1.f) * (k / 3.f));
  return lm;
}

// The hand turned about the vertical axis by `yaw` (180: the back towards the camera), then tilted about the
// horizontal axis by `pitch`, then turned in the image plane by `roll`, scaled and moved.
Landmarks turned(const Landmarks& hand, float yaw, float pitch, float roll, float scale = 1.f, Point2 at = {300, 200}) {
  Landmarks out = hand;
  const float cy = std::cos(yaw * kDeg), sy = std::sin(yaw * kDeg);
  const float cp = std::cos(pitch * kDeg), sp = std::sin(pitch * kDeg);
  const float cr = std::cos(roll * kDeg), sr = std::sin(roll * kDeg);
  for (auto& l : out) {
    const float x1 = cy * l.x + sy * l.z, z1 = -sy * l.x + cy * l.z;
    const float y2 = cp * l.y - sp * z1, z2 = sp * l.y + cp * z1;
    const float x3 = cr * x1 - sr * y2, y3 = sr * x1 + cr * y2;
    l = {at.x + scale * x3, at.y + scale * y3, scale * z2};
  }
  return out;
}

Pose fist() {
  Pose p;
  for (int f = 0; f < 4; ++f) {
    p.mcp[f] = 85;
    p.pip[f] = 100;
    p.dip[f] = 60;
  }
  p.spread = 0.f;
  p.thumb = Pose::Thumb::kAcrossPalm;
  return p;
}

float score(const Landmarks& lm) { return measure_hand(lm, 2.f).open_score; }

HandMeasures with_score(float score, float ratio = 1.f) {
  HandMeasures m;
  m.open_score = score;
  m.ratio = ratio;
  return m;
}

}  // namespace

TEST(hand_geometry, measures_of_a_flat_open_hand) {
  const Landmarks lm = posed_hand(Pose{});
  const HandMeasures m = measure_hand(lm, 2.0f);
  for (float bend : m.finger_bend) {  // three joints of 5 degrees, and the finger's lean off its wrist -> MCP line
    CHECK(bend >= 15.f);
    CHECK(bend < 20.f);
  }
  CHECK_NEAR(m.finger_fan, 48.0, 1.0);
  CHECK_NEAR(m.palm_facing, 0.0, 1e-3);
  CHECK(m.thumb_gap > 0.45f);
  CHECK_NEAR(m.open_score, 1.0, 1e-6);
  const float close = std::hypot(20.f, 60.f);  // wrist -> index MCP as built
  CHECK_NEAR(m.hand_close, close, 1e-3);
  CHECK_NEAR(m.ratio, distance(xy(lm[kIndexTip]), xy(lm[kPinkyTip])) / close, 1e-5);
  CHECK_NEAR(m.shield_centre.x, lm[kMiddleMcp].x, 1e-6);
  CHECK_NEAR(m.shield_diameter, 2.0 * close, 1e-3);
  // The image-plane hand of the other tests (all z 0) is open too.
  CHECK_NEAR(score(mstest::open_hand({200.f, 300.f}, 1.5f, 0.7f)), 1.0, 1e-6);
}

TEST(hand_geometry, bends_add_up_the_three_joints_in_3d) {
  Pose p;
  p.mcp[2] = 30;
  p.pip[2] = 40;
  p.dip[2] = 20;
  const HandMeasures m = measure_hand(turned(posed_hand(p), 35, -20, 110, 1.7f), 2.f);
  CHECK_NEAR(m.finger_bend[2], 90.0, 0.5);  // towards the camera or not: the angles are 3D
  CHECK_NEAR(m.finger_bend[0], 15.0, 0.5);
}

// Spread fingers: open however the hand is turned, front or back, tilted, upside down, at any size.
TEST(hand_geometry, spread_open_hand_is_open_from_any_side) {
  for (float yaw : {0.f, 30.f, 60.f, 120.f, 150.f, 180.f, 210.f, -60.f}) {
    for (float pitch : {-40.f, 0.f, 40.f}) {
      for (float roll : {0.f, 45.f, 90.f, 180.f, -120.f}) {
        CONTEXT("yaw " << yaw << " pitch " << pitch << " roll " << roll);
        CHECK(score(turned(posed_hand(Pose{}), yaw, pitch, roll, 0.4f + yaw / 100.f)) > 0.9f);
      }
    }
  }
}

// Fingers together: open while the palm or the back is shown to the camera (within 20 degrees: score 1, halfway at
// 30), not when the hand is seen edge on (a hand resting on a desk, a karate chop).
TEST(hand_geometry, fingers_together_count_while_the_palm_or_back_faces_the_camera) {
  Pose together;
  together.spread = 0.f;
  CHECK(measure_hand(posed_hand(together), 2.f).finger_fan < 10.f);
  for (float yaw : {0.f, 15.f, -15.f, 165.f, 180.f, 195.f}) {
    for (float roll : {0.f, 60.f, 180.f}) {
      CONTEXT("yaw " << yaw << " roll " << roll);
      CHECK_NEAR(score(turned(posed_hand(together), yaw, 0, roll)), 1.0, 1e-4);
      CHECK_NEAR(score(turned(posed_hand(together), 0, yaw > 90 ? yaw - 180 : yaw, roll)), 1.0, 1e-4);
    }
  }
  CHECK_NEAR(score(turned(posed_hand(together), 30, 0, 0)), 0.5, 0.02);
  CHECK(score(turned(posed_hand(together), 60, 0, 0)) < 0.01f);
  CHECK(score(turned(posed_hand(together), 0, 70, 0)) < 0.01f);
}

// The shapes that must never count, from any side.
TEST(hand_geometry, fist_claw_thumbs_up_l_and_pinch_are_not_open) {
  Pose claw;  // fingers reach out from the knuckles, bent at both finger joints
  for (int f = 0; f < 4; ++f) {
    claw.mcp[f] = 10;
    claw.pip[f] = 70;
    claw.dip[f] = 60;
  }
  Pose thumbs_up = fist();
  thumbs_up.thumb = Pose::Thumb::kUp;
  Pose l_sign = fist();  // index straight, thumb out
  l_sign.mcp[0] = l_sign.pip[0] = l_sign.dip[0] = 5;
  l_sign.thumb = Pose::Thumb::kOut;
  Pose pinch;  // the other fingers up, the index bent to meet the thumb ("OK")
  pinch.mcp[0] = 40;
  pinch.pip[0] = 30;
  pinch.dip[0] = 10;
  pinch.thumb = Pose::Thumb::kToIndexTip;
  Pose flat_pinch;  // every finger straight, the thumb on the index tip
  flat_pinch.spread = 0.f;
  flat_pinch.thumb = Pose::Thumb::kToIndexTip;
  Pose four = Pose{};  // four fingers up, the thumb folded across the palm: open (the thumb does not count)
  four.thumb = Pose::Thumb::kAcrossPalm;
  const struct {
    const char* name;
    Pose pose;
    bool open;
  } shapes[] = {{"fist", fist(), false},     {"claw", claw, false},        {"thumbs-up", thumbs_up, false},
                {"L", l_sign, false},        {"pinch (OK)", pinch, false}, {"flat pinch", flat_pinch, false},
                {"four fingers", four, true}};
  for (const auto& shape : shapes) {
    for (float yaw : {0.f, 40.f, 180.f}) {
      for (float roll : {0.f, 90.f, -150.f}) {
        CONTEXT(shape.name << " yaw " << yaw << " roll " << roll);
        const float s = score(turned(posed_hand(shape.pose), yaw, 15.f, roll));
        if (shape.open) {
          CHECK(s > 0.9f);
        } else {
          CHECK(s < 0.2f);
        }
      }
    }
  }
}

// A finger that bends more and more closes the hand by itself: the least straight finger decides, halfway at 75.
TEST(hand_geometry, the_least_straight_finger_decides) {
  for (int f = 0; f < 4; ++f) {
    CONTEXT("finger " << f);
    Pose p;
    p.mcp[f] = 25;
    p.pip[f] = 25;
    p.dip[f] = 25;
    CHECK_NEAR(score(posed_hand(p)), 0.5, 0.01);
    p.pip[f] = 55;
    CHECK(score(posed_hand(p)) < 0.01f);
  }
}

TEST(hand_geometry, degenerate_hand_gives_zero_not_nan) {
  Landmarks lm{};
  for (auto& l : lm) l = {10.f, 10.f, 0.f};
  const HandMeasures m = measure_hand(lm, 2.f);
  CHECK_EQ(m.ratio, 0.f);
  CHECK_EQ(m.open_score, 0.f);
  CHECK_EQ(m.shield_diameter, 0.f);
  GestureState g;
  CHECK(g.update(m, GestureThresholds{}) == HandState::kIdle);
  // A flat line of landmarks (no palm plane) is not judged either.
  for (int i = 0; i < kNumLandmarks; ++i) lm[i] = {10.f, 10.f + i, 0.f};
  CHECK_EQ(measure_hand(lm, 2.f).open_score, 0.f);
}

TEST(hand_geometry, first_sighting_uses_the_plain_threshold) {
  const GestureThresholds t;  // threshold 0.5, hysteresis 0.1
  {
    GestureState g;
    CHECK(g.update(with_score(0.52f), t) == HandState::kShield);  // above 0.5, below 0.5 + 0.05
  }
  {
    GestureState g;
    CHECK(g.update(with_score(0.48f), t) == HandState::kLines);  // not open; ratio above lines_min_ratio
  }
  {
    GestureState g;
    CHECK(g.state() == HandState::kIdle);
    CHECK(g.update(with_score(0.48f, 0.3f), t) == HandState::kIdle);
  }
}

TEST(hand_geometry, hysteresis_keeps_the_state_while_the_score_hovers) {
  const GestureThresholds t;
  const float wobble[] = {0.46f, 0.54f, 0.49f, 0.51f, 0.455f, 0.545f, 0.5f};
  {
    GestureState open;  // opened, then hovering within +-h/2 of the threshold: stays open
    REQUIRE(open.update(with_score(0.9f), t) == HandState::kShield);
    for (float s : wobble) {
      CONTEXT("score " << s);
      CHECK(open.update(with_score(s), t) == HandState::kShield);
    }
    CHECK(open.update(with_score(0.44f), t) == HandState::kLines);  // below threshold - h/2: closes
  }
  {
    GestureState closed;  // seen closed, then hovering: stays closed
    REQUIRE(closed.update(with_score(0.1f), t) == HandState::kLines);
    for (float s : wobble) {
      CONTEXT("score " << s);
      CHECK(closed.update(with_score(s), t) == HandState::kLines);
    }
    CHECK(closed.update(with_score(0.56f), t) == HandState::kShield);  // above threshold + h/2: opens
  }
}

TEST(hand_geometry, lines_when_not_open_and_the_ratio_is_above_lines_min_ratio) {
  GestureThresholds t;
  t.hysteresis = 0.f;
  t.lines_min_ratio = 0.5f;
  GestureState g;
  CHECK(g.update(with_score(0.2f, 0.6f), t) == HandState::kLines);
  CHECK(g.update(with_score(0.2f, 0.5f), t) == HandState::kIdle);    // "above": 0.5 itself is not
  CHECK(g.update(with_score(0.9f, 0.4f), t) == HandState::kShield);  // open whatever the ratio
  CHECK(g.update(with_score(0.2f, 0.2f), t) == HandState::kIdle);
}

// Two hands are judged each on its own: an open one next to a fist.
TEST(hand_geometry, each_hand_on_its_own) {
  const GestureThresholds t;
  GestureState left, right;
  for (int frame = 0; frame < 3; ++frame) {
    CHECK(left.update(measure_hand(turned(posed_hand(Pose{}), 180, 0, 10, 1.f, {100, 200}), 2.f), t) ==
          HandState::kShield);
    CHECK(right.update(measure_hand(turned(posed_hand(fist()), 0, 0, -10, 1.f, {400, 200}), 2.f), t) !=
          HandState::kShield);
  }
}
