// Tracking logic (hand_tracker.h) with fake models: a scripted "world" of synthetic hands that the fake palm
// detector reports and the fake landmark model finds when a ROI covers them. Counts calls to show when the
// expensive palm detector runs.
#include <algorithm>
#include <functional>
#include <limits>
#include <vector>

#include "hand_tracker.h"
#include "synthetic_hands.h"
#include "test_harness.h"

using namespace magicshield;
using mstest::palm_of;

namespace {

struct WorldHand {
  Landmarks landmarks;
  float presence = 0.95f;
};

class FakeModels : public HandModels {
 public:
  std::vector<WorldHand> world;
  void add(std::initializer_list<Landmarks> hands) {
    for (const Landmarks& h : hands) world.push_back(WorldHand{h, 0.95f});
  }
  // When set, the palm detector returns these instead of one palm per world hand.
  std::vector<PalmDetection> scripted_palms;
  bool use_scripted_palms = false;
  // When set, replaces the world lookup of the landmark model.
  std::function<HandLandmarks(const RotatedRect&)> landmark_override;

  int palm_calls = 0;
  int landmark_calls = 0;
  std::vector<RotatedRect> rois;  // every ROI the landmark model was given

  std::vector<PalmDetection> detect_palms(const I420View&, bool, float) override {
    ++palm_calls;
    if (use_scripted_palms) return scripted_palms;
    std::vector<PalmDetection> palms;
    for (const WorldHand& h : world) palms.push_back(palm_of(h.landmarks));
    return palms;
  }

  // The hand whose middle MCP lies inside the ROI (nearest to its centre), else "no hand".
  HandLandmarks landmarks(const I420View&, bool, const RotatedRect& roi) override {
    ++landmark_calls;
    rois.push_back(roi);
    if (landmark_override) return landmark_override(roi);
    HandLandmarks out;
    out.landmarks = mstest::open_hand({roi.cx, roi.cy});
    out.presence = 0.01f;
    float best = std::numeric_limits<float>::max();
    for (const WorldHand& h : world) {
      const Point2 m = xy(h.landmarks[kMiddleMcp]);
      if (std::fabs(m.x - roi.cx) > 0.5f * roi.width || std::fabs(m.y - roi.cy) > 0.5f * roi.height) continue;
      const float d = distance(m, {roi.cx, roi.cy});
      if (d < best) {
        best = d;
        out.landmarks = h.landmarks;
        out.presence = h.presence;
      }
    }
    return out;
  }
};

constexpr std::uint8_t kPixel[4] = {0, 0, 0, 0};
const I420View kFrame{kPixel, 2, kPixel, 1, kPixel, 1, 2, 2};  // never looked at by the fakes

TrackerOptions video(int max_hands) {
  TrackerOptions o;
  o.max_hands = max_hands;
  o.tracking = true;
  o.redetect_interval_us = 200000;
  return o;
}

const Landmarks kHandA = mstest::open_hand({100.f, 200.f});
const Landmarks kHandB = mstest::open_hand({400.f, 220.f});
const Landmarks kHandC = mstest::open_hand({250.f, 420.f});

}  // namespace

TEST(hand_tracker, fake_world_is_consistent) {
  // The premise of the other tests: a palm ROI and a landmark ROI of the same hand are "the same hand" (IoU > 0.5);
  // different hands' ROIs are not.
  CHECK(rect_iou(roi_from_palm(palm_of(kHandA)), roi_from_landmarks(kHandA)) > 0.5f);
  CHECK(rect_iou(roi_from_landmarks(kHandA), roi_from_landmarks(kHandB)) < 0.1f);
  CHECK(rect_iou(roi_from_landmarks(kHandA), roi_from_landmarks(kHandC)) < 0.1f);
}

TEST(hand_tracker, image_mode_runs_palm_detection_every_frame) {
  FakeModels m;
  m.add({kHandA});
  HandTracker t(m);
  TrackerOptions o = video(2);
  o.tracking = false;
  for (int i = 0; i < 4; ++i) {
    CONTEXT("frame " << i);
    const auto hands = t.process(kFrame, false, i * 33000, o);
    CHECK_EQ(m.palm_calls, i + 1);
    CHECK(t.palm_detection_ran());
    REQUIRE_EQ(hands.size(), 1u);
    CHECK(hands[0].from_palm);
    CHECK_EQ(t.landmark_calls(), 1);
  }
}

TEST(hand_tracker, video_mode_detects_once_then_tracks_from_landmarks) {
  FakeModels m;
  m.add({kHandA});
  HandTracker t(m);
  const auto first = t.process(kFrame, false, 0, video(1));
  CHECK_EQ(m.palm_calls, 1);
  REQUIRE_EQ(first.size(), 1u);
  CHECK(first[0].from_palm);
  CHECK_NEAR(first[0].roi.cx, roi_from_palm(palm_of(kHandA)).cx, 1e-4);
  const int id = first[0].id;
  Landmarks previous = first[0].result.landmarks;
  for (int i = 1; i < 10; ++i) {
    CONTEXT("frame " << i);
    // The hand drifts 6 px per frame; a long gap (10 s) on the last frame does not matter while it is tracked.
    m.world[0].landmarks = mstest::open_hand({100.f + 6.f * i, 200.f - 3.f * i});
    const auto hands = t.process(kFrame, false, i == 9 ? 10000000 : i * 33333, video(1));
    CHECK_EQ(m.palm_calls, 1);
    CHECK(!t.palm_detection_ran());
    CHECK_EQ(t.landmark_calls(), 1);
    REQUIRE_EQ(hands.size(), 1u);
    CHECK_EQ(hands[0].id, id);
    CHECK(!hands[0].from_palm);
    // This frame's ROI is the one made from the previous frame's landmarks.
    const RotatedRect expected = roi_from_landmarks(previous);
    CHECK_NEAR(m.rois.back().cx, expected.cx, 1e-4);
    CHECK_NEAR(m.rois.back().cy, expected.cy, 1e-4);
    CHECK_NEAR(m.rois.back().width, expected.width, 1e-4);
    CHECK_NEAR(hands[0].roi.cx, expected.cx, 1e-4);
    previous = hands[0].result.landmarks;
  }
}

TEST(hand_tracker, with_fewer_hands_than_max_looks_for_more_every_interval) {
  FakeModels m;
  m.add({kHandA});
  HandTracker t(m);
  // {timestamp, palm detection expected}: after t = 0 it may run again only once 200 ms have passed.
  const std::pair<std::int64_t, bool> frames[] = {{0, true},       {100000, false}, {199999, false}, {200000, true},
                                                  {250000, false}, {399999, false}, {400000, true},  {433333, false}};
  int id = -1;
  for (const auto& [ts, detect] : frames) {
    CONTEXT("t = " << ts << " us");
    const auto hands = t.process(kFrame, false, ts, video(2));
    CHECK_EQ(t.palm_detection_ran(), detect);
    // The palm found again is the tracked hand: not added a second time, no second landmark call.
    REQUIRE_EQ(hands.size(), 1u);
    CHECK_EQ(t.landmark_calls(), 1);
    if (id < 0) id = hands[0].id;
    CHECK_EQ(hands[0].id, id);
  }
  CHECK_EQ(m.palm_calls, 3);
}

TEST(hand_tracker, second_hand_is_picked_up_at_the_next_detection_with_a_new_id) {
  FakeModels m;
  m.add({kHandA});
  HandTracker t(m);
  const int id_a = t.process(kFrame, false, 0, video(2)).at(0).id;
  m.world.push_back({kHandB});
  CHECK_EQ(t.process(kFrame, false, 100000, video(2)).size(), 1u);  // not looked for yet
  const auto hands = t.process(kFrame, false, 200000, video(2));
  CHECK(t.palm_detection_ran());
  REQUIRE_EQ(hands.size(), 2u);
  CHECK_EQ(t.landmark_calls(), 2);
  CHECK_EQ(hands[0].id, id_a);
  CHECK(!hands[0].from_palm);
  CHECK(hands[1].id != id_a);
  CHECK(hands[1].from_palm);
  const int id_b = hands[1].id;
  // Both tracked = max_hands: the detector rests, however long.
  for (std::int64_t ts : {233333, 1000000, 60000000}) {
    const auto again = t.process(kFrame, false, ts, video(2));
    CHECK(!t.palm_detection_ran());
    REQUIRE_EQ(again.size(), 2u);
    CHECK_EQ(again[0].id, id_a);
    CHECK_EQ(again[1].id, id_b);
  }
  CHECK_EQ(m.palm_calls, 2);
}

TEST(hand_tracker, duplicate_palms_of_one_hand_make_one_candidate) {
  FakeModels m;
  m.add({kHandA});
  m.use_scripted_palms = true;
  PalmDetection nudged = palm_of(kHandA, 0.8f);
  nudged.xmin += 4.f;
  m.scripted_palms = {palm_of(kHandA), nudged};
  HandTracker t(m);
  const auto hands = t.process(kFrame, false, 0, video(2));
  CHECK_EQ(hands.size(), 1u);
  CHECK_EQ(t.landmark_calls(), 1);
}

TEST(hand_tracker, hand_below_min_presence_is_dropped_and_detection_runs_next_frame) {
  FakeModels m;
  m.add({kHandA});
  HandTracker t(m);
  const int first_id = t.process(kFrame, false, 0, video(1)).at(0).id;
  m.world[0].presence = 0.3f;  // the landmark model loses it
  const auto lost = t.process(kFrame, false, 33333, video(1));
  CHECK(lost.empty());
  CHECK(!t.palm_detection_ran());  // this frame was tracking
  m.world[0].presence = 0.9f;
  // 1 ms later, well inside the redetect interval: with no hand tracked the detector runs at once.
  const auto back = t.process(kFrame, false, 34333, video(1));
  CHECK(t.palm_detection_ran());
  REQUIRE_EQ(back.size(), 1u);
  CHECK(back[0].from_palm);
  CHECK(back[0].id != first_id);  // a new hand as far as the tracker knows
  // The presence threshold is inclusive of the minimum.
  m.world[0].presence = 0.5f;
  CHECK_EQ(t.process(kFrame, false, 67000, video(1)).size(), 1u);
}

TEST(hand_tracker, converging_rois_are_merged_keeping_the_more_confident) {
  for (bool second_more_confident : {false, true}) {
    CONTEXT("second track more confident: " << second_more_confident);
    FakeModels m;
    m.add({kHandA, kHandB});
    HandTracker t(m);
    const auto two = t.process(kFrame, false, 0, video(2));
    REQUIRE_EQ(two.size(), 2u);
    const int id_a = two[0].id, id_b = two[1].id;
    // Both ROIs now find (nearly) the same hand, A's: the track that was B drifted onto it.
    m.landmark_override = [&](const RotatedRect& roi) {
      HandLandmarks h;
      const bool is_track_b = roi.cx > 250.f;
      h.landmarks = mstest::open_hand({is_track_b ? 103.f : 100.f, 200.f});
      h.presence = (is_track_b == second_more_confident) ? 0.95f : 0.9f;
      return h;
    };
    const auto merged = t.process(kFrame, false, 33333, video(2));
    REQUIRE_EQ(merged.size(), 1u);
    CHECK_EQ(merged[0].id, second_more_confident ? id_b : id_a);
    CHECK_NEAR(merged[0].result.presence, 0.95, 1e-6);
    // One track is left: one landmark call next frame.
    t.process(kFrame, false, 66666, video(2));
    CHECK_EQ(t.landmark_calls(), 1);
  }
}

TEST(hand_tracker, max_hands_caps_the_count) {
  for (int max_hands : {1, 2, 3}) {
    CONTEXT("max_hands " << max_hands);
    FakeModels m;
    m.add({kHandA, kHandB, kHandC});
    HandTracker t(m);
    const auto hands = t.process(kFrame, false, 0, video(max_hands));
    CHECK_EQ(hands.size(), static_cast<std::size_t>(max_hands));
    CHECK_EQ(t.landmark_calls(), max_hands);
    // The palms come best first: the first ones are kept.
    if (!hands.empty()) CHECK_NEAR(hands[0].result.landmarks[0].x, 100.0, 1e-4);
  }
}

TEST(hand_tracker, lowering_max_hands_while_tracking_caps_the_tracked_hands) {
  FakeModels m;
  m.add({kHandA, kHandB});
  HandTracker t(m);
  REQUIRE_EQ(t.process(kFrame, false, 0, video(2)).size(), 2u);
  const auto one = t.process(kFrame, false, 33333, video(1));
  CHECK_EQ(one.size(), 1u);
  CHECK_EQ(t.landmark_calls(), 1);
  CHECK(!t.palm_detection_ran());
}

TEST(hand_tracker, ids_are_never_reused) {
  FakeModels m;
  m.add({kHandA});
  HandTracker t(m);
  std::vector<int> ids;
  std::int64_t ts = 0;
  for (int round = 0; round < 3; ++round) {
    m.world[0].presence = 0.9f;
    ids.push_back(t.process(kFrame, false, ts += 33333, video(1)).at(0).id);
    m.world[0].presence = 0.1f;
    CHECK(t.process(kFrame, false, ts += 33333, video(1)).empty());
  }
  std::sort(ids.begin(), ids.end());
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
}

TEST(hand_tracker, reset_forgets_tracked_hands) {
  FakeModels m;
  m.add({kHandA});
  HandTracker t(m);
  t.process(kFrame, false, 0, video(1));
  t.process(kFrame, false, 33333, video(1));
  CHECK_EQ(m.palm_calls, 1);
  t.reset();
  const auto hands = t.process(kFrame, false, 66666, video(1));
  CHECK(t.palm_detection_ran());
  REQUIRE_EQ(hands.size(), 1u);
  CHECK(hands[0].from_palm);
}

TEST(hand_tracker, no_palms_means_no_hands_and_detection_every_frame) {
  FakeModels m;
  HandTracker t(m);
  for (int i = 0; i < 3; ++i) {
    CHECK(t.process(kFrame, false, i * 1000, video(2)).empty());
    CHECK(t.palm_detection_ran());
    CHECK_EQ(t.landmark_calls(), 0);
  }
  CHECK_EQ(m.palm_calls, 3);
}
