#include "hand_tracking_stage.h"

#include <chrono>
#include <exception>
#include <utility>

#include "effect_options.h"

namespace magicshield {
namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

// The models as the tracker sees them, timed: the figures StageTimings reports.
class HandTrackingStage::TimedModels final : public HandModels {
 public:
  explicit TimedModels(HandModels& models) : models_(models) {}

  std::vector<PalmDetection> detect_palms(const I420View& frame, bool mirror, float min_score) override {
    const auto start = Clock::now();
    auto palms = models_.detect_palms(frame, mirror, min_score);
    palm_ms += ms_since(start);
    return palms;
  }
  HandLandmarks landmarks(const I420View& frame, bool mirror, const RotatedRect& roi) override {
    const auto start = Clock::now();
    auto result = models_.landmarks(frame, mirror, roi);
    landmark_ms += ms_since(start);
    return result;
  }
  std::vector<HandLandmarks> landmarks_for(const I420View& frame, bool mirror,
                                           const std::vector<RotatedRect>& rois) override {
    const auto start = Clock::now();
    auto result = models_.landmarks_for(frame, mirror, rois);
    landmark_ms += ms_since(start);
    return result;
  }

  double palm_ms = 0.0;
  double landmark_ms = 0.0;

 private:
  HandModels& models_;
};

HandTrackingStage::HandTrackingStage(std::unique_ptr<HandModels> models)
    : models_(std::move(models)), timed_(std::make_unique<TimedModels>(*models_)), tracker_(*timed_) {}

HandTrackingStage::~HandTrackingStage() = default;

const std::vector<TrackedHand>& HandTrackingStage::track(const I420View& frame, std::int64_t ts,
                                                         const EffectOptions& options, bool pipelined,
                                                         StageTimings& t) {
  const bool skip = skip_inference(ts, options);
  t.inference_skipped = skip ? 1 : 0;
  if (!skip) {
    last_inference_us_ = ts;
    has_inference_ = true;
  }
  if (!pipelined) {
    drop_background_inference();
    if (!skip) use(infer(frame, ts, options.mirror, tracker_options(options)), t);
    return hands_;
  }
  if (!background_) background_ = std::make_unique<InferenceThread<Inference>>();
  std::optional<Inference> previous = background_->collect();
  if (!skip) {
    background_->start(frame, [this, ts, mirror = options.mirror, tracker = tracker_options(options)](
                                  const I420View& copy) { return infer(copy, ts, mirror, tracker); });
  }
  if (previous) use(std::move(*previous), t);
  return hands_;
}

void HandTrackingStage::reset() {
  drop_background_inference();
  tracker_.reset();
  hands_.clear();
  has_inference_ = false;
}

bool HandTrackingStage::skip_inference(std::int64_t ts, const EffectOptions& options) const {
  const std::int64_t interval = option_micros(options.min_inference_interval_ms);
  return interval > 0 && has_inference_ && ts >= last_inference_us_ && ts - last_inference_us_ < interval;
}

Inference HandTrackingStage::infer(const I420View& frame, std::int64_t ts, bool mirror, const TrackerOptions& options) {
  timed_->palm_ms = 0.0;
  timed_->landmark_ms = 0.0;
  Inference done;
  done.hands = tracker_.process(frame, mirror, ts, options);
  done.palm_ms = timed_->palm_ms;
  done.landmark_ms = timed_->landmark_ms;
  done.palm_detection_ran = tracker_.palm_detection_ran();
  done.landmark_calls = tracker_.landmark_calls();
  return done;
}

void HandTrackingStage::use(Inference done, StageTimings& t) {
  hands_ = std::move(done.hands);
  t.palm_ms = done.palm_ms;
  t.landmark_ms = done.landmark_ms;
  t.palm_detection_ran = done.palm_detection_ran ? 1 : 0;
  t.landmark_calls = done.landmark_calls;
}

// The tracker may not change while the background job uses it, and its result is stale after such a change. A
// failure of the dropped job is dropped too: the next inference meets the same cause and reports it.
void HandTrackingStage::drop_background_inference() {
  if (!background_) return;
  try {
    background_->collect();
  } catch (const std::exception&) {
  }
}

}  // namespace magicshield
