#include "background_stage.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <exception>
#include <optional>
#include <utility>

#include <opencv2/imgproc.hpp>

#include "effect_options.h"
#include "geometry.h"

namespace magicshield {
namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// At most this much of the running value stays where the new one is a coin toss (0.5). MediaPipe's video graphs use
// 0.9; on clip01 (landscape model) it takes the mean frame-to-frame change at pixels the model is unsure of (0.2-0.8)
// from 0.188 to 0.065, while where the model is sure the steadied mask stays within 0.0001 of it
// (person_segmentation.steadied_mask_flickers_less_on_a_clip).
constexpr float kPreviousWeight = 0.9f;

// How unsure a probability is: its binary entropy in bits (1 at 0.5, 0 at 0 and 1), tabled on 256 steps.
const std::array<float, 256>& uncertainty_table() {
  static const std::array<float, 256> table = [] {
    std::array<float, 256> t{};
    for (int i = 0; i < 256; ++i) {
      const double p = (i + 0.5) / 256.0;
      t[static_cast<std::size_t>(i)] = static_cast<float>(-(p * std::log2(p) + (1 - p) * std::log2(1 - p)));
    }
    return t;
  }();
  return table;
}

}  // namespace

ModelKind segmentation_model_for(int width, int height) {
  return width > height ? ModelKind::kSegmentationLandscape : ModelKind::kSegmentationGeneral;
}

void steady_mask(PersonMask& running, const PersonMask& fresh) {
  if (running.width != fresh.width || running.height != fresh.height) {
    running = fresh;
    return;
  }
  const auto& uncertainty = uncertainty_table();
  for (std::size_t i = 0; i < fresh.probability.size(); ++i) {
    const float p = fresh.probability[i];
    const float u = uncertainty[static_cast<std::size_t>(std::min(255.f, p * 256.f))];
    running.probability[i] = p + (running.probability[i] - p) * (kPreviousWeight * u);
  }
}

BackgroundStage::BackgroundStage(TensorSampler sample) : sample_(std::move(sample)) {}

BackgroundStage::~BackgroundStage() = default;

const PersonMask* BackgroundStage::update(const I420View& frame, std::int64_t ts, const EffectOptions& options,
                                          bool pipelined, StageTimings& t) {
  if (options.background == static_cast<int>(Background::kOff)) {
    if (has_mask_ || has_started_) reset();
    return nullptr;
  }
  const ModelKind kind = segmentation_model_for(frame.width, frame.height);
  if (!segmenter_ || segmenter_->kind() != kind) {
    reset();
    segmenter_ = std::make_unique<PersonSegmenter>(kind, sample_);
  }
  const std::int64_t interval = option_micros(options.min_inference_interval_ms);
  const bool due = !has_started_ || interval == 0 || ts < last_start_us_ || ts - last_start_us_ >= interval;
  if (!pipelined) {
    drop_background_segmentation();
    if (due) {
      has_started_ = true;
      last_start_us_ = ts;
      absorb(segment(frame, options.mirror), t);
    }
    return has_mask_ ? &steady_ : nullptr;
  }
  if (!background_) background_ = std::make_unique<InferenceThread<Segmented>>();
  // The first mask is waited for, so the first frames do not show the room; later ones never wait.
  std::optional<Segmented> done = has_mask_ ? background_->collect_if_done() : background_->collect();
  if (done) absorb(*done, t);
  if (due && !background_->outstanding()) {
    has_started_ = true;
    last_start_us_ = ts;
    background_->start(frame, [this, mirror = options.mirror](const I420View& copy) { return segment(copy, mirror); });
    if (!has_mask_) absorb(*background_->collect(), t);
  }
  return has_mask_ ? &steady_ : nullptr;
}

const PersonMask& BackgroundStage::with_hands(const std::vector<TrackedHand>& hands, int width, int height) {
  if (hands.empty()) return steady_;
  shown_ = steady_;
  const float sx = static_cast<float>(shown_.width) / static_cast<float>(width);
  const float sy = static_cast<float>(shown_.height) / static_cast<float>(height);
  cv::Mat painted = cv::Mat::zeros(shown_.height, shown_.width, CV_8U);
  for (const TrackedHand& hand : hands) {
    const Landmarks& l = hand.result.landmarks;
    if (!std::all_of(l.begin(), l.end(), [](const Landmark& m) { return std::isfinite(m.x) && std::isfinite(m.y); })) {
      continue;
    }
    std::array<cv::Point, kNumLandmarks> p;
    for (std::size_t i = 0; i < p.size(); ++i) {
      p[i] = cv::Point(static_cast<int>(std::lround(l[i].x * sx)), static_cast<int>(std::lround(l[i].y * sy)));
    }
    // The palm (wrist, thumb base, the knuckles), then each finger's bones from its base joint to its tip.
    const cv::Point palm[] = {p[0], p[1], p[2], p[5], p[9], p[13], p[17]};
    cv::fillConvexPoly(painted, palm, 7, cv::Scalar(255), cv::LINE_AA);
    // A finger is about a fifth of the palm's length wide.
    const int thickness = std::max(1, static_cast<int>(std::lround(0.2 * cv::norm(p[0] - p[9]))));
    for (std::size_t base = 1; base < p.size(); base += 4) {
      for (std::size_t joint = base; joint < base + 3; ++joint) {
        cv::line(painted, p[joint], p[joint + 1], cv::Scalar(255), thickness, cv::LINE_AA);
      }
    }
  }
  for (int y = 0; y < shown_.height; ++y) {
    const std::uint8_t* hand = painted.ptr<std::uint8_t>(y);
    float* person = shown_.probability.data() + static_cast<std::size_t>(y) * shown_.width;
    for (int x = 0; x < shown_.width; ++x) person[x] = std::max(person[x], hand[x] / 255.f);
  }
  return shown_;
}

void BackgroundStage::reset() {
  drop_background_segmentation();
  has_mask_ = false;
  has_started_ = false;
}

BackgroundStage::Segmented BackgroundStage::segment(const I420View& frame, bool mirror) {
  const auto start = Clock::now();
  Segmented done{segmenter_->run(frame, mirror), 0.0};
  done.ms = ms_since(start);
  return done;
}

void BackgroundStage::absorb(const Segmented& done, StageTimings& t) {
  if (has_mask_) {
    steady_mask(steady_, done.mask);
  } else {
    steady_ = done.mask;
    has_mask_ = true;
  }
  t.segmentation_ms = done.ms;
}

// A failure of the dropped job is dropped too: the next segmentation meets the same cause and reports it.
void BackgroundStage::drop_background_segmentation() {
  if (!background_) return;
  try {
    background_->collect();
  } catch (const std::exception&) {
  }
}

}  // namespace magicshield
