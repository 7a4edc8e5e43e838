#include "hand_tracker.h"

#include <algorithm>
#include <cmath>

namespace magicshield {
namespace {

// MediaPipe's AssociationNormRectCalculator threshold: above this overlap two ROIs are the same hand.
constexpr float kSameHandIou = 0.5f;

bool finite(const Landmarks& landmarks) {
  return std::all_of(landmarks.begin(), landmarks.end(),
                     [](const Landmark& l) { return std::isfinite(l.x) && std::isfinite(l.y) && std::isfinite(l.z); });
}

}  // namespace

void HandTracker::reset() {
  tracks_.clear();
  detected_before_ = false;
}

bool HandTracker::should_detect(std::size_t tracked, std::int64_t timestamp_us, const TrackerOptions& o) const {
  if (tracked >= static_cast<std::size_t>(o.max_hands)) return false;
  if (tracked == 0 || !detected_before_) return true;
  return timestamp_us - last_detection_us_ >= o.redetect_interval_us || timestamp_us < last_detection_us_;
}

std::vector<TrackedHand> HandTracker::process(const I420View& frame, bool mirror, std::int64_t timestamp_us,
                                              const TrackerOptions& o) {
  struct Candidate {
    int id;
    RotatedRect roi;
    bool from_palm;
  };
  std::vector<Candidate> candidates;
  if (o.tracking) {
    for (const Track& t : tracks_) {
      if (candidates.size() < static_cast<std::size_t>(o.max_hands)) candidates.push_back({t.id, t.next_roi, false});
    }
  }
  // A palm found where a hand was in the previous frame is that hand: it keeps its id, so the effect's state
  // (fade, rotation) carries on, also when every frame is searched afresh (tracking off).
  auto id_for = [&](const RotatedRect& roi) {
    for (const Track& t : tracks_) {
      const bool taken =
          std::any_of(candidates.begin(), candidates.end(), [&](const Candidate& c) { return c.id == t.id; });
      if (!taken && rect_iou(t.next_roi, roi) > kSameHandIou) return t.id;
    }
    return next_id_++;
  };

  palm_ran_ = !o.tracking || should_detect(candidates.size(), timestamp_us, o);
  if (palm_ran_) {
    last_detection_us_ = timestamp_us;
    detected_before_ = true;
    std::vector<PalmDetection> palms = models_.detect_palms(frame, mirror, o.min_detection_score);
    if (palms.size() > static_cast<std::size_t>(o.max_hands)) palms.resize(o.max_hands);
    for (const PalmDetection& palm : palms) {
      if (candidates.size() >= static_cast<std::size_t>(o.max_hands)) break;
      const RotatedRect roi = roi_from_palm(palm);
      const bool tracked = std::any_of(candidates.begin(), candidates.end(),
                                       [&](const Candidate& c) { return rect_iou(c.roi, roi) > kSameHandIou; });
      if (!tracked) candidates.push_back({id_for(roi), roi, true});
    }
  }

  std::vector<RotatedRect> rois;
  for (const Candidate& c : candidates) rois.push_back(c.roi);
  const std::vector<HandLandmarks> found = models_.landmarks_for(frame, mirror, rois);
  landmark_calls_ = static_cast<int>(found.size());
  std::vector<TrackedHand> hands;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    // Written so that NaN presence is dropped too; a hand with a landmark that is not a number is no hand.
    if (!(found[i].presence >= o.min_presence) || !finite(found[i].landmarks)) continue;
    hands.push_back({candidates[i].id, found[i], candidates[i].roi, candidates[i].from_palm});
  }

  // Two ROIs can drift onto the same hand; keep the more confident one.
  std::vector<RotatedRect> next(hands.size());
  for (std::size_t i = 0; i < hands.size(); ++i) next[i] = roi_from_landmarks(hands[i].result.landmarks);
  std::vector<bool> dropped(hands.size(), false);
  for (std::size_t i = 0; i < hands.size(); ++i) {
    for (std::size_t j = i + 1; j < hands.size(); ++j) {
      if (dropped[i] || dropped[j] || rect_iou(next[i], next[j]) <= kSameHandIou) continue;
      dropped[hands[i].result.presence >= hands[j].result.presence ? j : i] = true;
    }
  }
  std::vector<TrackedHand> kept;
  tracks_.clear();
  for (std::size_t i = 0; i < hands.size(); ++i) {
    if (dropped[i]) continue;
    kept.push_back(hands[i]);
    tracks_.push_back({hands[i].id, next[i]});
  }
  return kept;
}

}  // namespace magicshield
