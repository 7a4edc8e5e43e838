// SSD anchors (ssd_anchors.h) against MediaPipe's palm_detection_cpu.pbtxt options: 2016 anchors, 2 per cell on
// the 24x24 stride-8 map, then 6 per cell on the 12x12 map shared by the three stride-16 layers.
#include <cmath>
#include <stdexcept>

#include "ssd_anchors.h"
#include "test_harness.h"

using magicshield::Anchor;
using magicshield::generate_ssd_anchors;
using magicshield::SsdAnchorOptions;

namespace {

void check_anchor(const Anchor& a, float cx, float cy, float w, float h) {
  CHECK_NEAR(a.cx, cx, 1e-6);
  CHECK_NEAR(a.cy, cy, 1e-6);
  CHECK_NEAR(a.w, w, 1e-6);
  CHECK_NEAR(a.h, h, 1e-6);
}

}  // namespace

TEST(anchors, palm_options_make_2016_anchors) {
  CHECK_EQ(generate_ssd_anchors(SsdAnchorOptions{}).size(), 2016u);  // 24*24*2 + 12*12*6
}

TEST(anchors, stride_8_layer_has_two_anchors_per_cell_in_row_major_order) {
  const auto a = generate_ssd_anchors(SsdAnchorOptions{});
  REQUIRE(a.size() == 2016u);
  check_anchor(a[0], 0.5f / 24, 0.5f / 24, 1.f, 1.f);
  check_anchor(a[1], 0.5f / 24, 0.5f / 24, 1.f, 1.f);   // same cell, second anchor
  check_anchor(a[2], 1.5f / 24, 0.5f / 24, 1.f, 1.f);   // next column
  check_anchor(a[48], 0.5f / 24, 1.5f / 24, 1.f, 1.f);  // next row: 24 cells * 2 anchors later
  check_anchor(a[1151], 23.5f / 24, 23.5f / 24, 1.f, 1.f);
}

TEST(anchors, stride_16_layers_share_a_12x12_map_with_six_anchors_per_cell) {
  const auto a = generate_ssd_anchors(SsdAnchorOptions{});
  REQUIRE(a.size() == 2016u);
  for (int k = 0; k < 6; ++k) {
    CONTEXT("anchor " << 1152 + k);
    check_anchor(a[1152 + k], 0.5f / 12, 0.5f / 12, 1.f, 1.f);
  }
  check_anchor(a[1158], 1.5f / 12, 0.5f / 12, 1.f, 1.f);
  check_anchor(a[1152 + 12 * 6], 0.5f / 12, 1.5f / 12, 1.f, 1.f);
  check_anchor(a[2015], 11.5f / 12, 11.5f / 12, 1.f, 1.f);
}

TEST(anchors, all_palm_anchors_have_fixed_unit_size_and_lie_inside_the_input) {
  int bad = 0;
  for (const Anchor& a : generate_ssd_anchors(SsdAnchorOptions{})) {
    if (a.w != 1.f || a.h != 1.f || a.cx <= 0.f || a.cx >= 1.f || a.cy <= 0.f || a.cy >= 1.f) ++bad;
  }
  CHECK_EQ(bad, 0);
}

// Without fixed_anchor_size the sizes come from the layer scales (MediaPipe's CalculateScale: linear from
// min_scale to max_scale over the layers; the interpolated anchor uses sqrt(scale * next scale), next = 1 on the
// last layer) and the aspect ratios (w = scale * sqrt(ratio), h = scale / sqrt(ratio)).
TEST(anchors, non_fixed_size_anchors_take_their_size_from_scales_and_ratios) {
  SsdAnchorOptions o;
  o.input_width = 64;
  o.input_height = 64;
  o.min_scale = 0.2f;
  o.max_scale = 0.6f;
  o.strides = {8, 16};
  o.aspect_ratios = {1.0f, 2.0f};
  o.fixed_anchor_size = false;
  const auto a = generate_ssd_anchors(o);
  REQUIRE_EQ(a.size(), static_cast<std::size_t>(8 * 8 * 3 + 4 * 4 * 3));
  const float r2 = std::sqrt(2.f);
  // Layer 0: scale 0.2, next scale 0.6.
  check_anchor(a[0], 0.5f / 8, 0.5f / 8, 0.2f, 0.2f);
  check_anchor(a[1], 0.5f / 8, 0.5f / 8, 0.2f * r2, 0.2f / r2);
  check_anchor(a[2], 0.5f / 8, 0.5f / 8, std::sqrt(0.2f * 0.6f), std::sqrt(0.2f * 0.6f));
  check_anchor(a[3], 1.5f / 8, 0.5f / 8, 0.2f, 0.2f);
  // Layer 1 (the last): scale 0.6, next scale 1.
  check_anchor(a[192], 0.5f / 4, 0.5f / 4, 0.6f, 0.6f);
  check_anchor(a[193], 0.5f / 4, 0.5f / 4, 0.6f * r2, 0.6f / r2);
  check_anchor(a[194], 0.5f / 4, 0.5f / 4, std::sqrt(0.6f), std::sqrt(0.6f));
}

TEST(anchors, palm_layer_scales_when_not_fixed) {
  SsdAnchorOptions o;
  o.fixed_anchor_size = false;
  const auto a = generate_ssd_anchors(o);
  REQUIRE(a.size() == 2016u);
  const float s0 = 0.1484375f, s1 = 0.1484375f + (0.75f - 0.1484375f) / 3.f;
  const float s2 = 0.1484375f + 2.f * (0.75f - 0.1484375f) / 3.f, s3 = 0.75f;
  check_anchor(a[0], 0.5f / 24, 0.5f / 24, s0, s0);
  check_anchor(a[1], 0.5f / 24, 0.5f / 24, std::sqrt(s0 * s1), std::sqrt(s0 * s1));
  // The 12x12 cell: layers 1, 2, 3, each an anchor at its scale and an interpolated one.
  check_anchor(a[1152], 0.5f / 12, 0.5f / 12, s1, s1);
  check_anchor(a[1153], 0.5f / 12, 0.5f / 12, std::sqrt(s1 * s2), std::sqrt(s1 * s2));
  check_anchor(a[1154], 0.5f / 12, 0.5f / 12, s2, s2);
  check_anchor(a[1155], 0.5f / 12, 0.5f / 12, std::sqrt(s2 * s3), std::sqrt(s2 * s3));
  check_anchor(a[1156], 0.5f / 12, 0.5f / 12, s3, s3);
  check_anchor(a[1157], 0.5f / 12, 0.5f / 12, std::sqrt(s3), std::sqrt(s3));
}

TEST(anchors, rejects_options_without_strides_or_ratios) {
  SsdAnchorOptions no_strides;
  no_strides.strides.clear();
  CHECK_THROWS(generate_ssd_anchors(no_strides), std::invalid_argument);
  SsdAnchorOptions no_ratios;
  no_ratios.aspect_ratios.clear();
  CHECK_THROWS(generate_ssd_anchors(no_ratios), std::invalid_argument);
}
