// What the models look at, and when (hand_tracking_stage.h), with fake models that find one hand whose place is
// written in the frame they are given (its first luma byte): in line each frame gets its own hands, pipelined
// the hands of the frame before, and frames within min_inference_interval_ms keep the last ones.
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "hand_tracking_stage.h"
#include "i420_buffer.h"
#include "synthetic_hands.h"
#include "test_harness.h"

using namespace magicshield;
using mstest::GuardedI420;

namespace {

constexpr float kHandY = 200.f;
float wrist_x_for(std::uint8_t mark) { return 100.f + static_cast<float>(mark); }

struct Calls {
  int palms = 0;
  int landmarks = 0;
};

// One hand, at the place the frame's first luma byte says. Palm detection takes a millisecond, to be seen in the
// timings.
class MarkedHandModels : public HandModels {
 public:
  MarkedHandModels(Calls& calls, bool& fail) : calls_(calls), fail_(fail) {}

  std::vector<PalmDetection> detect_palms(const I420View& frame, bool, float) override {
    ++calls_.palms;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return {mstest::palm_of(mstest::open_hand({wrist_x_for(frame.y[0]), kHandY}))};
  }
  HandLandmarks landmarks(const I420View& frame, bool, const RotatedRect&) override {
    ++calls_.landmarks;
    if (fail_) throw std::runtime_error("landmark model failed");
    HandLandmarks out;
    out.landmarks = mstest::open_hand({wrist_x_for(frame.y[0]), kHandY});
    out.presence = 0.95f;
    return out;
  }

 private:
  Calls& calls_;
  bool& fail_;
};

struct Fixture {
  Calls calls;
  bool fail = false;
  HandTrackingStage stage{std::make_unique<MarkedHandModels>(calls, fail)};
  GuardedI420 frame{64, 48};
  EffectOptions options;

  // Tracks a frame marked `mark`; returns the wrist x of its one hand, or -1 without hands.
  float track(std::uint8_t mark, std::int64_t ts, bool pipelined, StageTimings& t) {
    frame.fill(mark, 128, 128);
    const std::vector<TrackedHand>& hands = stage.track(frame.view(), ts, options, pipelined, t);
    // The stage's models work on their own copy: the caller may reuse its frame at once.
    frame.fill(0, 0, 0);
    if (hands.empty()) return -1.f;
    CHECK_EQ(hands.size(), 1u);
    return hands[0].result.landmarks[kWrist].x;
  }
  float track(std::uint8_t mark, std::int64_t ts, bool pipelined) {
    StageTimings t{};
    return track(mark, ts, pipelined, t);
  }
};

}  // namespace

TEST(hand_tracking_stage, in_line_each_frame_gets_its_own_hands) {
  Fixture f;
  for (int i = 0; i < 4; ++i) {
    CONTEXT("frame " << i);
    StageTimings t{};
    const auto mark = static_cast<std::uint8_t>(10 * (i + 1));
    CHECK_EQ(f.track(mark, i * 33000, false, t), wrist_x_for(mark));
    CHECK_EQ(t.inference_skipped, 0);
    CHECK_EQ(t.landmark_calls, 1);
    // Palm detection on the first frame only: then the hand is tracked.
    CHECK_EQ(t.palm_detection_ran, i == 0 ? 1 : 0);
    if (i == 0) {
      CHECK(t.palm_ms >= 1.0);
    } else {
      CHECK_EQ(t.palm_ms, 0.0);
    }
  }
  CHECK_EQ(f.calls.palms, 1);
  CHECK_EQ(f.calls.landmarks, 4);
}

TEST(hand_tracking_stage, pipelined_frames_get_the_hands_of_the_frame_before) {
  Fixture f;
  StageTimings first{};
  CHECK_EQ(f.track(10, 0, true, first), -1.f);  // nothing found yet
  CHECK_EQ(first.palm_detection_ran, 0);
  CHECK_EQ(first.landmark_calls, 0);
  StageTimings second{};
  CHECK_EQ(f.track(20, 33000, true, second), wrist_x_for(10));
  // The figures are those of the inference the hands came from: frame 0's, with its palm detection.
  CHECK_EQ(second.palm_detection_ran, 1);
  CHECK(second.palm_ms >= 1.0);
  CHECK_EQ(f.track(30, 66000, true), wrist_x_for(20));
  // Back in line: the frame in flight is dropped, this frame is looked at.
  CHECK_EQ(f.track(40, 99000, false), wrist_x_for(40));
  CHECK_EQ(f.calls.landmarks, 4);
}

TEST(hand_tracking_stage, frames_within_the_inference_interval_keep_the_last_hands) {
  Fixture f;
  f.options.min_inference_interval_ms = 50.f;
  StageTimings t{};
  CHECK_EQ(f.track(10, 0, false, t), wrist_x_for(10));
  CHECK_EQ(t.inference_skipped, 0);
  t = {};
  CHECK_EQ(f.track(20, 33000, false, t), wrist_x_for(10));
  CHECK_EQ(t.inference_skipped, 1);
  CHECK_EQ(t.landmark_calls, 0);
  CHECK_EQ(f.calls.landmarks, 1);
  CHECK_EQ(f.track(30, 66000, false), wrist_x_for(30));  // 66 ms after the last round
  // A timestamp that goes back is no reason to wait.
  CHECK_EQ(f.track(40, 1000, false), wrist_x_for(40));
  // Pipelined, a skipped frame starts nothing and keeps the hands it had.
  CHECK_EQ(f.track(50, 100000, true), wrist_x_for(40));  // starts on 50, still drawn with 40's
  CHECK_EQ(f.track(60, 110000, true), wrist_x_for(50));  // skipped: takes 50's, starts nothing
  CHECK_EQ(f.track(70, 120000, true), wrist_x_for(50));
  CHECK_EQ(f.calls.landmarks, 4);
}

TEST(hand_tracking_stage, reset_forgets_the_hands_and_the_frame_in_flight) {
  Fixture f;
  f.track(10, 0, false);
  f.track(20, 33000, true);  // frame 20 in flight
  f.stage.reset();
  StageTimings t{};
  CHECK_EQ(f.track(30, 66000, true, t), -1.f);  // neither 10's hands nor 20's
  CHECK_EQ(f.track(40, 99000, true), wrist_x_for(30));
  CHECK_EQ(f.calls.palms, 2);  // the tracker starts over with palm detection
}

TEST(hand_tracking_stage, model_failures_reach_the_caller_also_from_the_background) {
  {
    Fixture f;
    f.fail = true;
    StageTimings t{};
    CHECK_THROWS_WITH(f.stage.track(f.frame.view(), 0, f.options, false, t), std::runtime_error, "landmark model");
  }
  {
    Fixture f;
    f.fail = true;
    StageTimings t{};
    CHECK_NOTHROW(f.stage.track(f.frame.view(), 0, f.options, true, t));
    CHECK_THROWS_WITH(f.stage.track(f.frame.view(), 33000, f.options, true, t), std::runtime_error, "landmark model");
    // A reset drops a failed frame in flight without throwing.
    f.stage.track(f.frame.view(), 66000, f.options, true, t);
    CHECK_NOTHROW(f.stage.reset());
  }
}
