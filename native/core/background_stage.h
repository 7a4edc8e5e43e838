// The person mask each frame's background is replaced with: MediaPipe's selfie segmentation (the landscape model for
// a landscape frame, the general one otherwise), steadied over time, and at what rate. In line it runs on every
// frame the hand models look at (min_inference_interval_ms holds both back under load). Pipelined it runs on a
// thread of its own beside the frame and the hand models; a frame takes the newest mask that is ready and never
// waits for one (but the first), so under load the mask updates less often while the video keeps its rate.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "hand_tracker.h"
#include "i420.h"
#include "inference_thread.h"
#include "magicshield/magicshield.h"
#include "model_input.h"
#include "person_segmenter.h"

namespace magicshield {

// The segmentation model for a frame of this shape.
ModelKind segmentation_model_for(int width, int height);

// Blends a new mask into the running one, pixel by pixel, by how sure the model is: where the new probability is
// near 0 or 1 it is taken as it is, where it is near 0.5 (hair, a hand's edge, motion blur) the running mask keeps up
// to kPreviousWeight of its value, so an uncertain edge does not flicker from frame to frame while a confident
// change (the person moved) shows at once. The idea of MediaPipe's SegmentationSmoothingCalculator.
void steady_mask(PersonMask& running, const PersonMask& fresh);

class BackgroundStage {
 public:
  explicit BackgroundStage(TensorSampler sample);
  ~BackgroundStage();  // waits for a background segmentation in progress
  BackgroundStage(const BackgroundStage&) = delete;
  BackgroundStage& operator=(const BackgroundStage&) = delete;

  // The mask to composite this frame with (in the output's orientation), or null when the background is off.
  // Fills timings.segmentation_ms with the model time of the mask that arrived (0 when none did).
  const PersonMask* update(const I420View& frame, std::int64_t timestamp_us, const EffectOptions& options,
                           bool pipelined, StageTimings& timings);
  // The mask update() gave with the hands the tracker follows painted in as person (palm and finger bones, feathered
  // like the mask), so a hand is never replaced by the background: the selfie models are unsure of a raised hand
  // (about 0.5 on clip01's raised palm with the landscape model) and find no person in a close-up of two hands
  // without a face (two_hands_02.jpg). `hands` are in pixels of a width x height frame in the mask's orientation.
  const PersonMask& with_hands(const std::vector<TrackedHand>& hands, int width, int height);
  // Forgets the mask, and drops (waits for, ignores) a background segmentation.
  void reset();

 private:
  struct Segmented {
    PersonMask mask;
    double ms = 0.0;
  };

  Segmented segment(const I420View& frame, bool mirror);
  void absorb(const Segmented& done, StageTimings& timings);
  void drop_background_segmentation();

  TensorSampler sample_;
  std::unique_ptr<PersonSegmenter> segmenter_;
  PersonMask steady_;
  PersonMask shown_;  // steady_ with the hands, when there are any
  bool has_mask_ = false;
  bool has_started_ = false;
  std::int64_t last_start_us_ = 0;
  // Declared last so that it ends (waiting for its job) before what the job uses.
  std::unique_ptr<InferenceThread<Segmented>> background_;
};

}  // namespace magicshield
