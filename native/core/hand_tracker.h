// Tracking across frames, as MediaPipe's hand_landmark_tracking_cpu graph: each tracked hand's next ROI comes
// from its landmarks, so the expensive palm detector runs only when hands are missing. Palm ROIs that overlap
// a tracked hand are dropped (a hand is never tracked twice), tracked ROIs that converge onto one hand are
// merged, and a hand whose presence score falls below the threshold is lost.
//
// One change from MediaPipe: while some but fewer than max_hands hands are tracked, MediaPipe runs the palm
// detector on every frame; we look for further hands at most every `redetect_interval_us`, which makes the
// common one-hand case several times cheaper at the price of a short delay before a second hand is picked up.
#pragma once

#include <cstdint>
#include <vector>

#include "hand_landmarker.h"
#include "hand_roi.h"
#include "i420.h"
#include "palm_detection.h"

namespace magicshield {

// The two models as the tracker uses them; an interface so the tracking logic can be tested on its own.
class HandModels {
 public:
  virtual ~HandModels() = default;
  virtual std::vector<PalmDetection> detect_palms(const I420View& frame, bool mirror, float min_score) = 0;
  virtual HandLandmarks landmarks(const I420View& frame, bool mirror, const RotatedRect& roi) = 0;
  // All hands of a frame; one after another unless an implementation can do better.
  virtual std::vector<HandLandmarks> landmarks_for(const I420View& frame, bool mirror,
                                                   const std::vector<RotatedRect>& rois) {
    std::vector<HandLandmarks> out;
    for (const RotatedRect& roi : rois) out.push_back(landmarks(frame, mirror, roi));
    return out;
  }
};

struct TrackerOptions {
  int max_hands = 2;
  bool tracking = true;  // false: palm detection on every frame (hands keep their ids by position)
  float min_detection_score = 0.5f;
  float min_presence = 0.5f;
  std::int64_t redetect_interval_us = 200000;
};

struct TrackedHand {
  int id = 0;
  HandLandmarks result;
  RotatedRect roi;         // the ROI the landmarks were found in
  bool from_palm = false;  // the ROI came from this frame's palm detection
};

class HandTracker {
 public:
  explicit HandTracker(HandModels& models) : models_(models) {}

  std::vector<TrackedHand> process(const I420View& frame, bool mirror, std::int64_t timestamp_us,
                                   const TrackerOptions& options);
  bool palm_detection_ran() const { return palm_ran_; }
  int landmark_calls() const { return landmark_calls_; }
  void reset();

 private:
  struct Track {
    int id;
    RotatedRect next_roi;
  };
  bool should_detect(std::size_t tracked, std::int64_t timestamp_us, const TrackerOptions& options) const;

  HandModels& models_;
  std::vector<Track> tracks_;
  int next_id_ = 1;
  std::int64_t last_detection_us_ = 0;
  bool detected_before_ = false;
  bool palm_ran_ = false;
  int landmark_calls_ = 0;
};

}  // namespace magicshield
