// What the models look at, and when: every frame by default; none between rounds while min_inference_interval_ms
// holds them back (the frame keeps the last hands); and, pipelined, each frame on the stage's own thread while the
// frame is drawn with the hands found in the frame before.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "hand_tracker.h"
#include "i420.h"
#include "inference_thread.h"
#include "magicshield/magicshield.h"

namespace magicshield {

class HandTrackingStage {
 public:
  explicit HandTrackingStage(std::unique_ptr<HandModels> models);
  ~HandTrackingStage();  // waits for a background inference in progress
  HandTrackingStage(const HandTrackingStage&) = delete;
  HandTrackingStage& operator=(const HandTrackingStage&) = delete;

  // The hands to draw on this frame; fills the timings' model fields. `pipelined`: the models look at this frame
  // beside it (the pass decides, as only the CPU backend can). Rethrows what the models threw, also from the
  // background.
  const std::vector<TrackedHand>& track(const I420View& frame, std::int64_t timestamp_us, const EffectOptions& options,
                                        bool pipelined, StageTimings& timings);
  // Forgets the tracked hands, and drops (waits for, ignores) a background inference.
  void reset();

 private:
  class TimedModels;

  bool skip_inference(std::int64_t timestamp_us, const EffectOptions& options) const;
  Inference infer(const I420View& frame, std::int64_t timestamp_us, bool mirror, const TrackerOptions& options);
  void use(Inference done, StageTimings& timings);
  void drop_background_inference();

  std::unique_ptr<HandModels> models_;
  std::unique_ptr<TimedModels> timed_;
  HandTracker tracker_;
  std::vector<TrackedHand> hands_;  // the last inference's, reused while inference is skipped
  std::int64_t last_inference_us_ = 0;
  bool has_inference_ = false;
  // Made on the first pipelined frame; declared last so that it ends (waiting for its job) before what the job uses.
  std::unique_ptr<InferenceThread<Inference>> background_;
};

}  // namespace magicshield
