// Hand ROI maths (hand_roi.h): MediaPipe's rotation to vertical, RectTransformationCalculator, the palm -> ROI and
// landmarks -> ROI subgraphs, and the association IoU. Rotation convention (geometry.h): positive turns the x
// axis towards +y, i.e. clockwise on screen (image y points down).
#include <cmath>

#include "hand_roi.h"
#include "synthetic_hands.h"
#include "test_harness.h"

using namespace magicshield;

namespace {

constexpr float kHalfPi = 0.5f * kPi;

void check_rect(const RotatedRect& r, float cx, float cy, float w, float h, float rotation, double tol = 1e-3) {
  CHECK_NEAR(r.cx, cx, tol);
  CHECK_NEAR(r.cy, cy, tol);
  CHECK_NEAR(r.width, w, tol);
  CHECK_NEAR(r.height, h, tol);
  // Compare angles on the circle (pi and -pi are the same rotation).
  CHECK_NEAR(std::remainder(r.rotation - rotation, 2.0 * kPi), 0.0, 1e-4);
}

PalmDetection palm(float xmin, float ymin, float w, float h, Point2 wrist, Point2 middle_mcp) {
  PalmDetection p;
  p.xmin = xmin;
  p.ymin = ymin;
  p.width = w;
  p.height = h;
  p.score = 0.9f;
  for (auto& k : p.keypoints) k = {xmin + 0.5f * w, ymin + 0.5f * h};
  p.keypoints[kPalmWrist] = wrist;
  p.keypoints[kPalmMiddleMcp] = middle_mcp;
  return p;
}

// An upright hand whose ROI is easy to work out by hand. The landmarks MediaPipe's landmarks -> ROI subgraph uses
// (0-3, 5, 6, 9, 10, 13, 14, 17, 18) span x 62..131 and y 116..200; wrist -> blend of the index/middle/ring MCPs is
// straight up. The fingertips and the joints the subgraph skips are put far away to show they are ignored.
Landmarks upright_hand() {
  Landmarks lm{};
  for (auto& l : lm) l = {400.f, -300.f, 0.f};
  lm[0] = {100, 200, 0};
  lm[1] = {80, 190, 0};
  lm[2] = {70, 175, 0};
  lm[3] = {62, 160, 0};
  lm[5] = {85, 140, 0};
  lm[6] = {84, 120, 0};
  lm[9] = {100, 138, 0};
  lm[10] = {100, 116, 0};
  lm[13] = {115, 142, 0};
  lm[14] = {116, 121, 0};
  lm[17] = {128, 150, 0};
  lm[18] = {131, 133, 0};
  return lm;
}

}  // namespace

TEST(hand_roi, rotation_to_vertical_follows_the_documented_sign) {
  // Wrist below the middle MCP: already vertical.
  CHECK_NEAR(rotation_to_vertical({100, 200}, {100, 100}), 0.0, 1e-6);
  // Hand pointing right (+x): the ROI turns clockwise by 90 degrees so that the crop's "up" lands on +x; clockwise
  // is positive in this convention. Pointing left is the other way.
  CHECK_NEAR(rotation_to_vertical({100, 200}, {200, 200}), kHalfPi, 1e-6);
  CHECK_NEAR(rotation_to_vertical({100, 200}, {0, 200}), -kHalfPi, 1e-6);
  // Leaning right by 45 degrees.
  CHECK_NEAR(rotation_to_vertical({0, 0}, {10, -10}), kHalfPi / 2, 1e-6);
  // Upside down: +-pi, normalised into [-pi, pi).
  const float down = rotation_to_vertical({100, 100}, {100, 200});
  CHECK_NEAR(std::fabs(down), kPi, 1e-5);
  CHECK(down >= -kPi && down < kPi);
}

TEST(hand_roi, rotation_maps_the_crop_up_direction_onto_the_hand_direction) {
  // Independent of sign conventions: the crop's up vector (0, -1), turned by the ROI rotation as the sampler
  // turns it (x' = c x - s y, y' = s x + c y), must point from the wrist to the middle MCP.
  const Point2 wrist{50, 50};
  for (int deg = -170; deg <= 180; deg += 10) {
    CONTEXT("direction " << deg << " degrees");
    const float a = static_cast<float>(deg) * kPi / 180.f;
    const Point2 to{wrist.x + 30.f * std::cos(a), wrist.y + 30.f * std::sin(a)};
    const float r = rotation_to_vertical(wrist, to);
    const Point2 up{std::sin(r), -std::cos(r)};
    CHECK_NEAR(up.x, std::cos(a), 1e-4);
    CHECK_NEAR(up.y, std::sin(a), 1e-4);
  }
}

TEST(hand_roi, transform_rect_shifts_squares_and_scales) {
  const RotatedRect r{100, 100, 40, 20, 0};
  check_rect(transform_rect(r, {1, 1, 0, -0.5f, false}), 100, 90, 40, 20, 0);   // up by half the height
  check_rect(transform_rect(r, {1, 1, 0.25f, 0, false}), 110, 100, 40, 20, 0);  // right by a quarter width
  check_rect(transform_rect(r, {2, 2, 0, 0, true}), 100, 100, 80, 80, 0);       // square by the long side, x2
  check_rect(transform_rect(r, {2, 3, 0, 0, false}), 100, 100, 80, 60, 0);
  check_rect(transform_rect({100, 100, 20, 40, 0}, {2, 3, 0, 0, true}), 100, 100, 80, 120, 0);
}

TEST(hand_roi, transform_rect_shifts_along_the_rotated_axes) {
  // Turned clockwise by 90 degrees: the rect's own "up" (-y) is the frame's +x, its +x is the frame's +y.
  const RotatedRect r{100, 100, 40, 20, kHalfPi};
  check_rect(transform_rect(r, {1, 1, 0, -0.5f, false}), 110, 100, 40, 20, kHalfPi);
  check_rect(transform_rect(r, {1, 1, 0.25f, 0, false}), 100, 110, 40, 20, kHalfPi);
  // 30 degrees: shift_y -0.5 of height 20 moves by 10 along (sin 30, -cos 30).
  const float a = kPi / 6;
  check_rect(transform_rect({0, 0, 40, 20, a}, {1, 1, 0, -0.5f, true}), 10 * std::sin(a), -10 * std::cos(a), 40, 40, a);
}

TEST(hand_roi, roi_from_upright_palm) {
  // Box 50 x 40 centred at (125, 220), wrist straight below the middle MCP: rotation 0, centre moved up by half
  // the box height, side 2.6 x the long side.
  const RotatedRect roi = roi_from_palm(palm(100, 200, 50, 40, {125, 240}, {125, 205}));
  check_rect(roi, 125, 200, 130, 130, 0);
}

TEST(hand_roi, roi_from_palm_pointing_right_shifts_to_the_right) {
  const RotatedRect roi = roi_from_palm(palm(100, 200, 50, 40, {110, 220}, {140, 220}));
  check_rect(roi, 145, 220, 130, 130, kHalfPi);
  const RotatedRect left = roi_from_palm(palm(100, 200, 50, 40, {140, 220}, {110, 220}));
  check_rect(left, 105, 220, 130, 130, -kHalfPi);
}

TEST(hand_roi, roi_from_landmarks_of_an_upright_hand) {
  // Box 69 x 84 centred at (96.5, 158); square by the long side 84, x2 = 168; up by 0.1 * 84.
  check_rect(roi_from_landmarks(upright_hand()), 96.5f, 158.f - 8.4f, 168, 168, 0);
}

TEST(hand_roi, roi_from_landmarks_turns_with_the_hand) {
  const Point2 pivot{100, 200};
  const Point2 upright_centre{96.5f, 149.6f};
  for (int deg : {90, 30, -45, -120, 180}) {
    CONTEXT("hand turned by " << deg << " degrees");
    const float a = static_cast<float>(deg) * kPi / 180.f;
    const float c = std::cos(a), s = std::sin(a);
    Landmarks lm = upright_hand();
    for (auto& l : lm) {
      const float x = l.x - pivot.x, y = l.y - pivot.y;
      l = {pivot.x + c * x - s * y, pivot.y + s * x + c * y, 0.f};
    }
    const float ox = upright_centre.x - pivot.x, oy = upright_centre.y - pivot.y;
    // Same size, rotation follows, centre turned with the hand.
    check_rect(roi_from_landmarks(lm), pivot.x + c * ox - s * oy, pivot.y + s * ox + c * oy, 168, 168, a, 2e-3);
  }
}

TEST(hand_roi, roi_from_landmarks_is_invariant_to_translation_and_scales_with_the_hand) {
  const Landmarks base = mstest::open_hand({200, 300});
  const RotatedRect r0 = roi_from_landmarks(base);
  const RotatedRect moved = roi_from_landmarks(mstest::open_hand({260, 250}));
  check_rect(moved, r0.cx + 60, r0.cy - 50, r0.width, r0.height, r0.rotation);
  const RotatedRect big = roi_from_landmarks(mstest::open_hand({200, 300}, 2.f));
  check_rect(big, 200 + 2 * (r0.cx - 200), 300 + 2 * (r0.cy - 300), 2 * r0.width, 2 * r0.height, r0.rotation, 2e-3);
}

TEST(hand_roi, rect_iou_values) {
  const RotatedRect a{0, 0, 10, 10, 0};
  CHECK_NEAR(rect_iou(a, a), 1.0, 1e-6);
  CHECK_NEAR(rect_iou(a, {20, 0, 10, 10, 0}), 0.0, 0.0);
  CHECK_NEAR(rect_iou(a, {5, 0, 10, 10, 0}), 50.0 / 150.0, 1e-6);
  CHECK_NEAR(rect_iou(a, {5, 5, 10, 10, 0}), 25.0 / 175.0, 1e-6);
  CHECK_NEAR(rect_iou(a, {0, 0, 20, 20, 0}), 100.0 / 400.0, 1e-6);
  // Documented: the unrotated extents are compared (as MediaPipe's AssociationNormRectCalculator).
  CHECK_NEAR(rect_iou(a, {0, 0, 10, 10, 0.7f}), 1.0, 1e-6);
}
