// The frame pass: I420 in, I420 out, one call. Copies (mirrors) the input into the output, tracks hands on
// the input planes, updates each hand's effect state from the frame timestamps, and draws onto the output.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <map>
#include <stdexcept>
#include <string>

#include "compute_backend.h"
#include "hand_geometry.h"
#include "hand_landmarker.h"
#include "hand_tracker.h"
#include "i420.h"
#include "inference_thread.h"
#include "landmark_overlay.h"
#include "line_renderer.h"
#include "magicshield/magicshield.h"
#include "one_euro_filter.h"
#include "model_store.h"
#include "palm_detector.h"
#include "pixel_backend.h"
#include "resampled_copy.h"
#include "shield_renderer.h"
#include "shield_sprites.h"

namespace magicshield {
namespace {

// A longer gap between frames is not animated across (the stream stalled), so the rings do not jump.
constexpr std::int64_t kMaxStepUs = 200000;

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void check_options(const EffectOptions& o) {
  auto fail = [](const std::string& what) { throw std::invalid_argument("effect options: " + what); };
  if (o.max_hands < 1 || o.max_hands > kMaxHands) fail("max_hands must be 1.." + std::to_string(kMaxHands));
  if (o.model != 0 && o.model != 1) fail("model must be 0 (lite) or 1 (full)");
  if (!(o.min_detection_score > 0.f && o.min_detection_score < 1.f)) fail("min_detection_score must be in (0, 1)");
  if (!(o.min_presence_score > 0.f && o.min_presence_score < 1.f)) fail("min_presence_score must be in (0, 1)");
  if (!(o.show_ratio > 0.f && o.show_ratio < 10.f)) fail("show_ratio must be in (0, 10)");
  // Each value on its own range, no rules between them: every combination the server and the page accept
  // works (a band wider than the ratio only makes the shield harder to close; lines need a ratio above both).
  if (!(o.hysteresis >= 0.f && o.hysteresis <= 2.f)) fail("hysteresis must be in [0, 2]");
  if (!(o.lines_min_ratio >= 0.f && o.lines_min_ratio < 10.f)) fail("lines_min_ratio must be in [0, 10)");
  if (!(o.shield_scale > 0.f && o.shield_scale <= 10.f)) fail("shield_scale must be in (0, 10]");
  if (!(std::fabs(o.degrees_per_second) <= 3600.f)) fail("degrees_per_second must be within +-3600");
  if (!(o.fade_ms >= 0.f && o.fade_ms <= 5000.f)) fail("fade_ms must be in [0, 5000]");
  if (!(o.redetect_interval_ms >= 0.f && o.redetect_interval_ms <= 10000.f)) fail("redetect_interval_ms must be in [0, 10000]");
  if (!(o.min_inference_interval_ms >= 0.f && o.min_inference_interval_ms <= 1000.f)) {
    fail("min_inference_interval_ms must be in [0, 1000]");
  }
}

// The real models behind the tracker, following the options' model complexity.
class OpenCvHandModels : public HandModels {
 public:
  OpenCvHandModels(int complexity, const TensorSampler& sample)
      : palm_(palm_model(complexity), sample), landmarker_(landmark_model(complexity), sample) {}

  std::vector<PalmDetection> detect_palms(const I420View& frame, bool mirror, float min_score) override {
    const auto start = Clock::now();
    auto palms = palm_.detect(frame, mirror, min_score);
    palm_ms += ms_since(start);
    return palms;
  }
  HandLandmarks landmarks(const I420View& frame, bool mirror, const RotatedRect& roi) override {
    const auto start = Clock::now();
    auto result = landmarker_.run(frame, mirror, roi);
    landmark_ms += ms_since(start);
    return result;
  }

  // Several hands on the CPU run side by side, one per core: a 224 crop keeps two OpenCV threads only partly
  // busy, two single-threaded inferences keep both. (OpenCV runs the networks' own parallel loops sequentially
  // inside this one.) The GPU path's sampler works on one stream, so it stays one hand after another.
  std::vector<HandLandmarks> landmarks_for(const I420View& frame, bool mirror,
                                           const std::vector<RotatedRect>& rois) override {
    if (rois.size() < 2 || current_backend() != ComputeBackend::kCpu) {
      return HandModels::landmarks_for(frame, mirror, rois);
    }
    const auto start = Clock::now();
    std::vector<HandLandmarks> out(rois.size());
    std::vector<std::exception_ptr> failures(rois.size());
    cv::parallel_for_(cv::Range(0, static_cast<int>(rois.size())), [&](const cv::Range& range) {
      for (int i = range.start; i < range.end; ++i) {
        try {
          out[i] = landmarker_.run(frame, mirror, rois[i]);
        } catch (...) {
          failures[i] = std::current_exception();
        }
      }
    });
    for (const std::exception_ptr& failure : failures) {
      if (failure) std::rethrow_exception(failure);
    }
    landmark_ms += ms_since(start);
    return out;
  }

  double palm_ms = 0.0;
  double landmark_ms = 0.0;

 private:
  PalmDetector palm_;
  HandLandmarker landmarker_;
};

// What the effect remembers about one hand between frames.
struct HandEffect {
  LandmarkSmoother smoother;
  GestureState gesture;
  Landmarks drawn{};      // smoothed landmarks of the last frame the hand was seen
  HandMeasures measures;  // from `drawn`
  float angle_degrees = 0.f;
  float opacity = 0.f;
  std::int64_t last_seen_us = 0;
  bool seen_now = false;
};

}  // namespace

struct FramePass::Impl {
  explicit Impl(const EffectOptions& o) { use_models(o.model); options = o; }

  // The tracker keeps a reference to the models, so a model change rebuilds both and tracking restarts.
  void use_models(int complexity) {
    drop_background_inference();
    models = std::make_unique<OpenCvHandModels>(
        complexity, [this](const I420View& frame, bool mirror, const RotatedRect& roi, int out_width, int out_height,
                           Border border, float* nchw) {
          pixels->sample_tensor(frame, mirror, roi, out_width, out_height, border, nchw);
        });
    tracker = std::make_unique<HandTracker>(*models);
    hands.clear();
    last_tracked.clear();
    has_inference = false;
  }

  EffectOptions options;
  // Made on the first frame, when models are loaded and so the compute backend is fixed.
  std::unique_ptr<PixelBackend> pixels;
  std::unique_ptr<OpenCvHandModels> models;
  std::unique_ptr<HandTracker> tracker;
  std::map<int, HandEffect> hands;
  std::vector<TrackedHand> last_tracked;  // the last frame's hands, reused while inference is skipped
  std::int64_t last_inference_us = 0;
  bool has_inference = false;
  int width = 0;
  int height = 0;
  std::int64_t last_timestamp_us = 0;
  bool has_timestamp = false;
  // Made on the first pipelined frame; declared after the models so that it ends (waiting for its job) first.
  std::unique_ptr<InferenceThread> background;

  bool pipelined() const { return options.pipelined && current_backend() == ComputeBackend::kCpu; }

  // The tracker may not change while the background job uses it, and its result is stale after such a change. A
  // failure of the dropped job is dropped too: the next inference meets the same cause and reports it.
  void drop_background_inference() {
    if (!background) return;
    try {
      background->collect();
    } catch (const std::exception&) {
    }
  }

  Inference infer(const I420View& frame, std::int64_t ts, bool mirror, const TrackerOptions& tracker_opts) {
    models->palm_ms = 0.0;
    models->landmark_ms = 0.0;
    Inference done;
    done.hands = tracker->process(frame, mirror, ts, tracker_opts);
    done.palm_ms = models->palm_ms;
    done.landmark_ms = models->landmark_ms;
    done.palm_detection_ran = tracker->palm_detection_ran();
    done.landmark_calls = tracker->landmark_calls();
    return done;
  }

  void use(Inference done, StageTimings& t) {
    last_tracked = std::move(done.hands);
    t.palm_ms = done.palm_ms;
    t.landmark_ms = done.landmark_ms;
    t.palm_detection_ran = done.palm_detection_ran ? 1 : 0;
    t.landmark_calls = done.landmark_calls;
  }

  // Runs the models on this frame, or starts them on it beside the frame and takes what they found in the last.
  void track(const I420View& in, std::int64_t ts, StageTimings& t) {
    const bool skip = skip_inference(ts);
    t.inference_skipped = skip ? 1 : 0;
    if (!skip) {
      last_inference_us = ts;
      has_inference = true;
    }
    if (!pipelined()) {
      drop_background_inference();
      if (!skip) use(infer(in, ts, options.mirror, tracker_options()), t);
      return;
    }
    if (!background) background = std::make_unique<InferenceThread>();
    std::optional<Inference> previous = background->collect();
    if (!skip) {
      background->start(in, [this, ts, mirror = options.mirror, tracker_opts = tracker_options()](
                                const I420View& copy) { return infer(copy, ts, mirror, tracker_opts); });
    }
    if (previous) use(std::move(*previous), t);
  }

  bool skip_inference(std::int64_t ts) const {
    const auto interval = static_cast<std::int64_t>(options.min_inference_interval_ms * 1000.f);
    return interval > 0 && has_inference && ts >= last_inference_us && ts - last_inference_us < interval;
  }

  TrackerOptions tracker_options() const {
    TrackerOptions t;
    t.max_hands = options.max_hands;
    t.tracking = options.tracking;
    t.min_detection_score = options.min_detection_score;
    t.min_presence = options.min_presence_score;
    t.redetect_interval_us = static_cast<std::int64_t>(options.redetect_interval_ms * 1000.f);
    return t;
  }

  void reset() {
    drop_background_inference();
    tracker->reset();
    hands.clear();
    last_tracked.clear();
    has_inference = false;
    has_timestamp = false;
  }

  // Advances every hand's state to this frame; returns the time step used for animation, in seconds.
  float update_effects(const std::vector<TrackedHand>& tracked, std::int64_t ts) {
    const std::int64_t step_us = has_timestamp ? std::clamp<std::int64_t>(ts - last_timestamp_us, 0, kMaxStepUs) : 0;
    last_timestamp_us = ts;
    has_timestamp = true;
    const float dt = static_cast<float>(step_us) * 1e-6f;
    GestureThresholds thresholds;
    thresholds.show_ratio = options.show_ratio;
    thresholds.hysteresis = options.hysteresis;
    thresholds.lines_min_ratio = options.lines_min_ratio;
    const float fade_step = options.fade_ms > 0.f ? dt * 1000.f / options.fade_ms : 1.f;

    for (auto& [id, effect] : hands) effect.seen_now = false;
    for (const TrackedHand& hand : tracked) {
      HandEffect& effect = hands[hand.id];
      effect.seen_now = true;
      effect.last_seen_us = ts;
      effect.drawn = options.smoothing ? effect.smoother.smooth(hand.result.landmarks, ts, OneEuroParams{})
                                       : hand.result.landmarks;
      effect.measures = measure_hand(effect.drawn, options.shield_scale);
      effect.gesture.update(effect.measures, thresholds);
    }
    for (auto it = hands.begin(); it != hands.end();) {
      HandEffect& effect = it->second;
      const bool shield_wanted = effect.seen_now && effect.gesture.state() == HandState::kShield;
      effect.opacity = std::clamp(effect.opacity + (shield_wanted ? fade_step : -fade_step), 0.f, 1.f);
      effect.angle_degrees = std::fmod(effect.angle_degrees + options.degrees_per_second * dt, 360.f);
      // A lost hand stays only while its shield fades out.
      if (!effect.seen_now && effect.opacity <= 0.f) {
        it = hands.erase(it);
      } else {
        ++it;
      }
    }
    return dt;
  }

  // The hands' landmarks in output pixels (the output may be smaller than the input the hands were found in).
  Landmarks on_output(const Landmarks& landmarks, const I420Image& out) const {
    if (out.width == width) return landmarks;
    const float s = static_cast<float>(out.width) / static_cast<float>(width);
    Landmarks scaled = landmarks;
    for (Landmark& l : scaled) {
      l.x *= s;
      l.y *= s;
      l.z *= s;
    }
    return scaled;
  }

  void draw_lines(const I420Image& out) const {
    if (!options.hand_lines) return;
    for (const auto& [id, effect] : hands) {
      if (effect.seen_now && effect.gesture.state() == HandState::kLines) {
        draw_hand_lines(out, on_output(effect.drawn, out), 1.f);
      }
    }
  }

  int render(const I420Image& out, const std::shared_ptr<const ShieldSprites>& sprites) {
    int shields = 0;
    // Hand lines go under the shields, except where the output only gets its pixels at the end (the GPU path):
    // there they are drawn after the shields, over them.
    const bool lines_last = pixels->deferred_output();
    if (!lines_last) draw_lines(out);
    for (const auto& [id, effect] : hands) {
      if (effect.opacity <= 0.f || sprites == nullptr) continue;
      pixels->draw_shield(sprites, {effect.measures.shield_centre, effect.measures.shield_diameter,
                                    effect.angle_degrees, effect.opacity});
      ++shields;
    }
    pixels->finish();
    if (lines_last) draw_lines(out);
    if (options.landmark_debug) {
      for (const auto& [id, effect] : hands) {
        if (effect.seen_now) draw_landmark_overlay(out, on_output(effect.drawn, out));
      }
    }
    return shields;
  }
};

FramePass::FramePass(const EffectOptions& options) {
  check_options(options);
  impl_ = std::make_unique<Impl>(options);
}

FramePass::~FramePass() = default;

void FramePass::set_options(const EffectOptions& options) {
  check_options(options);
  if (options.model != impl_->options.model) impl_->use_models(options.model);
  impl_->options = options;
}

void FramePass::reset() { impl_->reset(); }

bool FramePass::output_fits(int width, int height, int out_width, int out_height) {
  return valid_output_size(width, height, out_width, out_height);
}

void FramePass::process(const std::uint8_t* in_y, int in_stride_y, const std::uint8_t* in_u, int in_stride_u,
                        const std::uint8_t* in_v, int in_stride_v, int width, int height, std::uint8_t* out_y,
                        int out_stride_y, std::uint8_t* out_u, int out_stride_u, std::uint8_t* out_v,
                        int out_stride_v, int out_width, int out_height, std::int64_t timestamp_us,
                        FrameResult* result) {
  const auto start = Clock::now();
  if (result == nullptr) throw std::invalid_argument("result is null");
  if (!in_y || !in_u || !in_v || !out_y || !out_u || !out_v) throw std::invalid_argument("a plane pointer is null");
  if (width < 2 || height < 2 || width > kMaxFrameSide || height > kMaxFrameSide) {
    throw std::invalid_argument("frame size " + std::to_string(width) + "x" + std::to_string(height) +
                                " is outside 2.." + std::to_string(kMaxFrameSide));
  }
  if (!valid_output_size(width, height, out_width, out_height)) {
    throw std::invalid_argument("output size " + std::to_string(out_width) + "x" + std::to_string(out_height) +
                                " is not the input's " + std::to_string(width) + "x" + std::to_string(height) +
                                " or a smaller picture of its shape");
  }
  const int cw = (width + 1) / 2;
  const int out_cw = (out_width + 1) / 2;
  if (in_stride_y < width || out_stride_y < out_width || in_stride_u < cw || in_stride_v < cw ||
      out_stride_u < out_cw || out_stride_v < out_cw) {
    throw std::invalid_argument("a stride is smaller than its plane's width");
  }
  for (const std::uint8_t* plane : {in_y, in_u, in_v}) {
    if (plane == out_y || plane == out_u || plane == out_v) {
      throw std::invalid_argument("input and output must be different buffers");
    }
  }
  Impl& d = *impl_;
  for (ModelKind kind : {palm_model(d.options.model), landmark_model(d.options.model)}) {
    if (!Engine::has_model(kind)) throw std::runtime_error(std::string("model ") + model_name(kind) + " is not loaded");
  }
  if (!d.pixels) d.pixels = make_pixel_backend(current_backend());
  if (width != d.width || height != d.height) {
    d.reset();
    d.width = width;
    d.height = height;
  }

  const I420View in{in_y, in_stride_y, in_u, in_stride_u, in_v, in_stride_v, width, height};
  const I420Image out{out_y, out_stride_y, out_u, out_stride_u, out_v, out_stride_v, out_width, out_height};
  *result = FrameResult{};
  StageTimings& t = result->timings;

  auto stage = Clock::now();
  d.pixels->copy(in, out, d.options.mirror);
  t.copy_ms = ms_since(stage);

  d.track(in, timestamp_us, t);
  const std::vector<TrackedHand>& tracked = d.last_tracked;

  stage = Clock::now();
  d.update_effects(tracked, timestamp_us);
  t.smoothing_ms = ms_since(stage);

  stage = Clock::now();
  const auto sprites = ShieldSprites::current();
  result->shields_drawn = d.render(out, sprites);
  t.render_ms = ms_since(stage);

  result->hand_count = static_cast<int>(std::min<std::size_t>(tracked.size(), kMaxHands));
  for (int i = 0; i < result->hand_count; ++i) {
    const TrackedHand& hand = tracked[i];
    const HandEffect& effect = d.hands.at(hand.id);
    HandResult& r = result->hands[i];
    r.id = hand.id;
    r.right_handed = hand.result.handedness > 0.5f ? 1 : 0;
    r.handedness_score = r.right_handed ? hand.result.handedness : 1.f - hand.result.handedness;
    r.presence = hand.result.presence;
    for (int k = 0; k < kNumLandmarks; ++k) {
      r.landmarks[3 * k] = hand.result.landmarks[k].x;
      r.landmarks[3 * k + 1] = hand.result.landmarks[k].y;
      r.landmarks[3 * k + 2] = hand.result.landmarks[k].z;
    }
    r.open_ratio = effect.measures.ratio;
    r.state = static_cast<int>(effect.gesture.state());
    r.shield_x = effect.measures.shield_centre.x;
    r.shield_y = effect.measures.shield_centre.y;
    r.shield_diameter = effect.measures.shield_diameter;
    r.shield_opacity = effect.opacity;
    r.rotation_degrees = effect.angle_degrees;
    r.from_palm_detection = hand.from_palm ? 1 : 0;
  }
  t.total_ms = ms_since(start);
}

}  // namespace magicshield
