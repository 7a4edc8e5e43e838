// Palm decoding (palm_detector.h decode_palms): 18 regressor values per anchor in 192-pixel units relative to the
// anchor, scores sigmoid(clamp(logit, -100, 100)) kept when >= the minimum (MediaPipe's
// TensorsToDetectionsCalculator with palm_detection_cpu.pbtxt's options).
#include <cmath>
#include <limits>
#include <vector>

#include "palm_detector.h"
#include "test_harness.h"

using namespace magicshield;

namespace {

// Boxes 38.4 px (0.2 of the input) square at their anchors, keypoints on the anchor.
std::vector<float> regressors_for(int anchors) {
  std::vector<float> r(static_cast<std::size_t>(anchors) * 18, 0.f);
  for (int i = 0; i < anchors; ++i) r[18 * i + 2] = r[18 * i + 3] = 38.4f;
  return r;
}

}  // namespace

TEST(palm_decode, keeps_only_scores_at_or_above_the_minimum) {
  const std::vector<Anchor> anchors(5, Anchor{0.5f, 0.5f, 1.f, 1.f});
  const auto reg = regressors_for(5);
  // sigmoid: 0 -> 0.5 (kept: the threshold is inclusive), -0.01 -> just under, 2 -> 0.88, -3 -> 0.047, 0.4 -> 0.599
  const std::vector<float> logits = {0.f, -0.01f, 2.f, -3.f, 0.4f};
  const auto palms = decode_palms(reg.data(), logits.data(), anchors, 0.5f);
  REQUIRE_EQ(palms.size(), 3u);
  CHECK_NEAR(palms[0].score, 0.5, 1e-6);
  CHECK_NEAR(palms[1].score, 1.0 / (1.0 + std::exp(-2.0)), 1e-6);
  CHECK_NEAR(palms[2].score, 1.0 / (1.0 + std::exp(-0.4)), 1e-6);
  // A higher minimum keeps fewer.
  CHECK_EQ(decode_palms(reg.data(), logits.data(), anchors, 0.7f).size(), 1u);
}

TEST(palm_decode, box_and_keypoints_are_anchor_relative_in_192_pixel_units) {
  // Anchor 0 has unit size (the palm model's fixed anchors); anchor 1 has size 0.5 x 0.25 to show the scaling.
  const std::vector<Anchor> anchors = {{0.25f, 0.75f, 1.f, 1.f}, {0.5f, 0.5f, 0.5f, 0.25f}};
  auto reg = regressors_for(2);
  const std::vector<float> logits = {5.f, 5.f};
  for (int a = 0; a < 2; ++a) {
    float* r = reg.data() + a * 18;
    r[0] = 19.2f;   // cx offset: 0.1 of the input
    r[1] = -38.4f;  // cy offset: -0.2
    r[2] = 48.f;    // w: 0.25
    r[3] = 96.f;    // h: 0.5
    for (int k = 0; k < 7; ++k) {
      r[4 + 2 * k] = 1.92f * static_cast<float>(k + 1);   // x: 0.01 * (k + 1)
      r[5 + 2 * k] = -3.84f * static_cast<float>(k + 1);  // y: -0.02 * (k + 1)
    }
  }
  const auto palms = decode_palms(reg.data(), logits.data(), anchors, 0.5f);
  REQUIRE_EQ(palms.size(), 2u);

  const PalmDetection& p = palms[0];
  CHECK_NEAR(p.width, 0.25, 1e-6);
  CHECK_NEAR(p.height, 0.5, 1e-6);
  CHECK_NEAR(p.xmin + 0.5f * p.width, 0.25 + 0.1, 1e-6);  // box centre = raw / 192 * anchor.w + anchor.cx
  CHECK_NEAR(p.ymin + 0.5f * p.height, 0.75 - 0.2, 1e-6);
  for (int k = 0; k < 7; ++k) {
    CONTEXT("unit anchor, keypoint " << k);
    CHECK_NEAR(p.keypoints[k].x, 0.25 + 0.01 * (k + 1), 1e-6);
    CHECK_NEAR(p.keypoints[k].y, 0.75 - 0.02 * (k + 1), 1e-6);
  }

  const PalmDetection& q = palms[1];
  CHECK_NEAR(q.width, 0.25 * 0.5, 1e-6);
  CHECK_NEAR(q.height, 0.5 * 0.25, 1e-6);
  CHECK_NEAR(q.xmin + 0.5f * q.width, 0.5 + 0.1 * 0.5, 1e-6);
  CHECK_NEAR(q.ymin + 0.5f * q.height, 0.5 - 0.2 * 0.25, 1e-6);
  for (int k = 0; k < 7; ++k) {
    CONTEXT("scaled anchor, keypoint " << k);
    CHECK_NEAR(q.keypoints[k].x, 0.5 + 0.01 * (k + 1) * 0.5, 1e-6);
    CHECK_NEAR(q.keypoints[k].y, 0.5 - 0.02 * (k + 1) * 0.25, 1e-6);
  }
}

TEST(palm_decode, detections_keep_anchor_order) {
  const std::vector<Anchor> anchors = {{0.1f, 0.1f, 1.f, 1.f}, {0.2f, 0.2f, 1.f, 1.f}, {0.3f, 0.3f, 1.f, 1.f}};
  const auto reg = regressors_for(3);
  const std::vector<float> logits = {1.f, -5.f, 3.f};
  const auto palms = decode_palms(reg.data(), logits.data(), anchors, 0.5f);
  REQUIRE_EQ(palms.size(), 2u);
  CHECK_NEAR(palms[0].keypoints[0].x, 0.1, 1e-6);  // zero offsets: everything centred on the anchor
  CHECK_NEAR(palms[1].keypoints[0].x, 0.3, 1e-6);
  CHECK_NEAR(palms[1].xmin, 0.3 - 0.1, 1e-6);
  CHECK_NEAR(palms[1].width, 0.2, 1e-6);
}

TEST(palm_decode, huge_logits_are_clipped_to_finite_scores) {
  const std::vector<Anchor> anchors(4, Anchor{0.5f, 0.5f, 1.f, 1.f});
  const auto reg = regressors_for(4);
  const std::vector<float> logits = {1e30f, 100.f, -1e30f, 1e4f};
  const auto palms = decode_palms(reg.data(), logits.data(), anchors, 0.5f);
  REQUIRE_EQ(palms.size(), 3u);
  for (const PalmDetection& p : palms) {
    CHECK(std::isfinite(p.score));
    CHECK_NEAR(p.score, 1.0, 1e-6);
  }
  // The hugely negative logit must not come out as NaN (which would compare false and could slip through a
  // "score < min" test written the other way round): with a minimum of 0 it is kept with a score of ~0.
  const auto all = decode_palms(reg.data(), logits.data(), anchors, 0.f);
  REQUIRE_EQ(all.size(), 4u);
  CHECK(std::isfinite(all[2].score));
  CHECK_NEAR(all[2].score, 0.0, 1e-6);
}

TEST(palm_decode, boxes_without_area_or_not_numbers_are_dropped) {
  const std::vector<Anchor> anchors(4, Anchor{0.5f, 0.5f, 1.f, 1.f});
  auto reg = regressors_for(4);
  reg[18 * 0 + 2] = 0.f;                                      // zero width
  reg[18 * 1 + 3] = -10.f;                                    // negative height
  reg[18 * 2 + 0] = std::numeric_limits<float>::quiet_NaN();  // centre not a number
  const std::vector<float> logits = {5.f, 5.f, 5.f, 5.f};
  const auto palms = decode_palms(reg.data(), logits.data(), anchors, 0.5f);
  REQUIRE_EQ(palms.size(), 1u);
  CHECK_NEAR(palms[0].width, 0.2, 1e-6);
}

TEST(palm_decode, a_nan_score_is_dropped) {
  const std::vector<Anchor> anchors(2, Anchor{0.5f, 0.5f, 1.f, 1.f});
  const auto reg = regressors_for(2);
  const std::vector<float> logits = {std::numeric_limits<float>::quiet_NaN(), 5.f};
  CHECK_EQ(decode_palms(reg.data(), logits.data(), anchors, 0.5f).size(), 1u);
}

TEST(palm_decode, empty_anchor_list_gives_no_palms) {
  const std::vector<Anchor> anchors;
  CHECK(decode_palms(nullptr, nullptr, anchors, 0.5f).empty());
}
