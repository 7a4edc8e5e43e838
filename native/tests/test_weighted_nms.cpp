// Weighted NMS (weighted_nms.h), MediaPipe's WEIGHTED algorithm: the best remaining detection absorbs every
// detection overlapping it by IoU > threshold; the merged box and keypoints are the score-weighted mean of the
// group; the merged detection keeps the best score. Output sorted by score.
#include <limits>
#include <vector>

#include "test_harness.h"
#include "weighted_nms.h"

using namespace magicshield;

namespace {

PalmDetection box(float x, float y, float w, float h, float score, float keypoint_offset = 0.f) {
  PalmDetection d;
  d.xmin = x;
  d.ymin = y;
  d.width = w;
  d.height = h;
  d.score = score;
  for (int k = 0; k < kPalmKeypoints; ++k) d.keypoints[k] = {x + keypoint_offset + k, y + 2.f * k};
  return d;
}

}  // namespace

TEST(weighted_nms, iou_of_identical_disjoint_touching_and_partial_boxes) {
  CHECK_NEAR(box_iou(box(0, 0, 10, 10, 1), box(0, 0, 10, 10, 1)), 1.0, 1e-6);
  CHECK_NEAR(box_iou(box(0, 0, 10, 10, 1), box(20, 20, 10, 10, 1)), 0.0, 0.0);
  CHECK_NEAR(box_iou(box(0, 0, 10, 10, 1), box(10, 0, 10, 10, 1)), 0.0, 0.0);  // sharing an edge only
  CHECK_NEAR(box_iou(box(0, 0, 10, 10, 1), box(5, 5, 10, 10, 1)), 25.0 / 175.0, 1e-6);
  CHECK_NEAR(box_iou(box(0, 0, 10, 10, 1), box(5, 0, 10, 10, 1)), 50.0 / 150.0, 1e-6);
  CHECK_NEAR(box_iou(box(0, 0, 10, 10, 1), box(2, 2, 4, 4, 1)), 16.0 / 100.0, 1e-6);  // contained
  CHECK_NEAR(box_iou(box(0, 0, 0, 0, 1), box(0, 0, 0, 0, 1)), 0.0, 0.0);              // degenerate: no NaN
}

// A box that overlaps nothing, not even itself, must still leave the loop (it once spun forever on one).
TEST(weighted_nms, boxes_without_area_end_up_alone_instead_of_looping) {
  const auto zero = weighted_nms({box(5, 5, 0, 0, 0.9f)}, 0.3f);
  CHECK_EQ(zero.size(), 1u);
  const auto negative = weighted_nms({box(5, 5, -1, 2, 0.9f), box(0, 0, 10, 10, 0.8f)}, 0.3f);
  CHECK_EQ(negative.size(), 2u);
  PalmDetection nan = box(5, 5, 10, 10, 0.9f);
  nan.width = std::numeric_limits<float>::quiet_NaN();
  CHECK_EQ(weighted_nms({nan, box(40, 40, 10, 10, 0.5f)}, 0.3f).size(), 2u);
}

TEST(weighted_nms, separate_boxes_are_kept_and_sorted_by_score) {
  const auto out = weighted_nms({box(0, 0, 10, 10, 0.6f), box(50, 50, 10, 10, 0.9f), box(100, 0, 10, 10, 0.75f)}, 0.3f);
  REQUIRE_EQ(out.size(), 3u);
  CHECK_NEAR(out[0].score, 0.9, 1e-6);
  CHECK_NEAR(out[0].xmin, 50.0, 1e-5);
  CHECK_NEAR(out[1].score, 0.75, 1e-6);
  CHECK_NEAR(out[1].xmin, 100.0, 1e-5);
  CHECK_NEAR(out[2].score, 0.6, 1e-6);
  CHECK_NEAR(out[2].xmin, 0.0, 1e-5);
  CHECK_NEAR(out[2].keypoints[3].x, 3.0, 1e-5);  // untouched
}

TEST(weighted_nms, overlapping_boxes_are_blended_by_score) {
  // IoU of these two: 9 * 10 / (200 - 90) = 0.818 > 0.3. The weaker comes first to show the order does not matter.
  const PalmDetection weak = box(1, 2, 12, 8, 0.6f, 3.f);
  const PalmDetection strong = box(0, 0, 10, 10, 0.9f, 0.f);
  const auto out = weighted_nms({weak, strong}, 0.3f);
  REQUIRE_EQ(out.size(), 1u);
  const PalmDetection& m = out[0];
  CHECK_NEAR(m.score, 0.9, 1e-6);  // the best member's score, not a mean
  CHECK_NEAR(m.xmin, (0.9 * 0 + 0.6 * 1) / 1.5, 1e-5);
  CHECK_NEAR(m.ymin, (0.9 * 0 + 0.6 * 2) / 1.5, 1e-5);
  CHECK_NEAR(m.width, (0.9 * 10 + 0.6 * 12) / 1.5, 1e-5);
  CHECK_NEAR(m.height, (0.9 * 10 + 0.6 * 8) / 1.5, 1e-5);
  for (int k = 0; k < kPalmKeypoints; ++k) {
    CONTEXT("keypoint " << k);
    CHECK_NEAR(m.keypoints[k].x, (0.9 * (0 + k) + 0.6 * (1 + 3 + k)) / 1.5, 1e-5);
    CHECK_NEAR(m.keypoints[k].y, (0.9 * (0 + 2 * k) + 0.6 * (2 + 2 * k)) / 1.5, 1e-5);
  }
}

TEST(weighted_nms, overlap_at_or_below_threshold_is_not_merged) {
  // IoU 40 / 160 = 0.25 <= 0.3: two detections.
  const auto out = weighted_nms({box(0, 0, 10, 10, 0.9f), box(6, 0, 10, 10, 0.8f)}, 0.3f);
  CHECK_EQ(out.size(), 2u);
  // The same pair merges under a lower threshold.
  CHECK_EQ(weighted_nms({box(0, 0, 10, 10, 0.9f), box(6, 0, 10, 10, 0.8f)}, 0.2f).size(), 1u);
}

TEST(weighted_nms, groups_form_around_the_best_box_not_by_chaining) {
  // A overlaps B (IoU 1/3), B overlaps C (1/3), A and C do not touch: A absorbs B, C stays alone.
  const auto out = weighted_nms({box(0, 0, 10, 10, 0.9f), box(5, 0, 10, 10, 0.8f), box(10, 0, 10, 10, 0.7f)}, 0.3f);
  REQUIRE_EQ(out.size(), 2u);
  CHECK_NEAR(out[0].score, 0.9, 1e-6);
  CHECK_NEAR(out[0].xmin, (0.9 * 0 + 0.8 * 5) / 1.7, 1e-5);
  CHECK_NEAR(out[1].score, 0.7, 1e-6);
  CHECK_NEAR(out[1].xmin, 10.0, 1e-5);
}

TEST(weighted_nms, three_way_blend_and_empty_input) {
  const auto out = weighted_nms({box(0, 0, 10, 10, 0.5f), box(1, 0, 10, 10, 0.3f), box(2, 0, 10, 10, 0.2f)}, 0.3f);
  REQUIRE_EQ(out.size(), 1u);
  CHECK_NEAR(out[0].xmin, (0.5 * 0 + 0.3 * 1 + 0.2 * 2) / 1.0, 1e-5);
  CHECK_NEAR(out[0].score, 0.5, 1e-6);
  CHECK(weighted_nms({}, 0.3f).empty());
}
