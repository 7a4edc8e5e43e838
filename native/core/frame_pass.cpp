// The frame pass: I420 in, I420 out, one call. Checks the call, then runs the stages in order: the (mirrored) copy
// of the input into the output, the person's mask and hand tracking on the input planes, the background replaced
// behind the person and their hands, each hand's effect state, the drawing onto the output (over the new
// background), and the result.
#include <chrono>
#include <stdexcept>
#include <string>

#include "background_scene.h"
#include "background_stage.h"
#include "compute_backend.h"
#include "effect_options.h"
#include "effect_renderer.h"
#include "effect_state.h"
#include "frame_result.h"
#include "hand_tracking_stage.h"
#include "i420.h"
#include "magicshield/magicshield.h"
#include "model_store.h"
#include "opencv_hand_models.h"
#include "pixel_backend.h"
#include "resampled_copy.h"
#include "shield_sprites.h"
#include "tflite_hand_models.h"

namespace magicshield {
namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Everything process() refuses, before it touches a pixel.
void check_frame(const I420View& in, const I420Image& out) {
  if (!in.y || !in.u || !in.v || !out.y || !out.u || !out.v) throw std::invalid_argument("a plane pointer is null");
  if (in.width < 2 || in.height < 2 || in.width > kMaxFrameSide || in.height > kMaxFrameSide) {
    throw std::invalid_argument("frame size " + std::to_string(in.width) + "x" + std::to_string(in.height) +
                                " is outside 2.." + std::to_string(kMaxFrameSide));
  }
  if (!valid_output_size(in.width, in.height, out.width, out.height)) {
    throw std::invalid_argument("output size " + std::to_string(out.width) + "x" + std::to_string(out.height) +
                                " is not the input's " + std::to_string(in.width) + "x" + std::to_string(in.height) +
                                " or a smaller picture of its shape");
  }
  if (in.stride_y < in.width || out.stride_y < out.width || in.stride_u < in.chroma_width() ||
      in.stride_v < in.chroma_width() || out.stride_u < out.chroma_width() || out.stride_v < out.chroma_width()) {
    throw std::invalid_argument("a stride is smaller than its plane's width");
  }
  for (const std::uint8_t* plane : {in.y, in.u, in.v}) {
    if (plane == out.y || plane == out.u || plane == out.v) {
      throw std::invalid_argument("input and output must be different buffers");
    }
  }
}

}  // namespace

struct FramePass::Impl {
  explicit Impl(const EffectOptions& o) : options(o), tracking(tracking_stage(o.model)), background(sampler()) {}

  // The models sample their inputs through the pixel backend, so on the GPU they read the frame uploaded there.
  TensorSampler sampler() {
    return [this](const I420View& frame, bool mirror, const RotatedRect& roi, int out_width, int out_height,
                  Border border, TensorLayout layout, float* tensor) {
      pixels->sample_tensor(frame, mirror, roi, out_width, out_height, border, layout, tensor);
    };
  }

  std::unique_ptr<HandTrackingStage> tracking_stage(int complexity) {
    const TfliteEngineChoice engine = tflite_engine();
    if (engine.runtime) {
      return std::make_unique<HandTrackingStage>(std::make_unique<TfliteHandModels>(complexity, sampler(), engine));
    }
    return std::make_unique<HandTrackingStage>(std::make_unique<OpenCvHandModels>(complexity, sampler()));
  }

  void reset() {
    tracking->reset();
    effects.reset();
    background.reset();
  }

  EffectOptions options;
  // Made on the first frame, when models are loaded and so the compute backend is fixed.
  std::unique_ptr<PixelBackend> pixels;
  std::unique_ptr<HandTrackingStage> tracking;
  EffectState effects;
  BackgroundStage background;
  std::shared_ptr<const BackgroundScene> image;  // the `image` background, null before one was set
  int width = 0;
  int height = 0;
};

FramePass::FramePass(const EffectOptions& options) {
  check_effect_options(options);
  impl_ = std::make_unique<Impl>(options);
}

FramePass::~FramePass() = default;

// A model change restarts tracking (new models, new tracker) and so the hands' effects; the frame clock runs on.
void FramePass::set_options(const EffectOptions& options) {
  check_effect_options(options);
  if (options.model != impl_->options.model) {
    impl_->tracking = impl_->tracking_stage(options.model);
    impl_->effects.forget_hands();
  }
  impl_->options = options;
}

void FramePass::set_background_image(const std::uint8_t* bgr, int width, int height, int stride) {
  if (bgr == nullptr) throw std::invalid_argument("background image: no pixels");
  if (width < 16 || height < 16 || width > kMaxFrameSide || height > kMaxFrameSide) {
    throw std::invalid_argument("background image: " + std::to_string(width) + "x" + std::to_string(height) +
                                " is outside 16.." + std::to_string(kMaxFrameSide));
  }
  if (stride < 3 * width) throw std::invalid_argument("background image: stride is smaller than 3 x width");
  auto image = std::make_shared<BackgroundScene>();
  image->bgr =
      cv::Mat(height, width, CV_8UC3, const_cast<std::uint8_t*>(bgr), static_cast<std::size_t>(stride)).clone();
  impl_->image = std::move(image);
}

void FramePass::process(const std::uint8_t* in_y, int in_stride_y, const std::uint8_t* in_u, int in_stride_u,
                        const std::uint8_t* in_v, int in_stride_v, int width, int height, std::uint8_t* out_y,
                        int out_stride_y, std::uint8_t* out_u, int out_stride_u, std::uint8_t* out_v, int out_stride_v,
                        int out_width, int out_height, std::int64_t timestamp_us, FrameResult* result) {
  const auto start = Clock::now();
  if (result == nullptr) throw std::invalid_argument("result is null");
  const I420View in{in_y, in_stride_y, in_u, in_stride_u, in_v, in_stride_v, width, height};
  const I420Image out{out_y, out_stride_y, out_u, out_stride_u, out_v, out_stride_v, out_width, out_height};
  check_frame(in, out);
  Impl& d = *impl_;
  // `image` before a picture was set shows the frame as it is.
  EffectOptions options = d.options;
  if (options.background == static_cast<int>(Background::kImage) && !d.image) {
    options.background = static_cast<int>(Background::kOff);
  }
  const auto mode = static_cast<Background>(options.background);
  for (ModelKind kind : {palm_model(d.options.model), landmark_model(d.options.model)}) {
    if (!Engine::has_model(kind)) throw std::runtime_error(std::string("model ") + model_name(kind) + " is not loaded");
  }
  if (mode != Background::kOff && !Engine::has_model(segmentation_model_for(width, height))) {
    throw std::runtime_error(std::string("model ") + model_name(segmentation_model_for(width, height)) +
                             " is not loaded (the background needs it)");
  }
  const std::shared_ptr<const BackgroundScene> scene =
      mode == Background::kImage ? d.image : BackgroundScene::current();
  if (mode == Background::kScene && !scene) throw std::runtime_error("no background scene is loaded");
  if (!d.pixels) d.pixels = make_pixel_backend(current_backend());
  if (width != d.width || height != d.height) {
    d.reset();
    d.width = width;
    d.height = height;
  }

  *result = FrameResult{};
  StageTimings& t = result->timings;

  auto stage = Clock::now();
  d.pixels->copy(in, out, d.options.mirror);
  t.copy_ms = ms_since(stage);

  // Pipelined only on the CPU: on the GPU the models read the device copy that the drawing uses too.
  const bool pipelined = d.options.pipelined && current_backend() == ComputeBackend::kCpu;
  // The person's mask before the hands, so that pipelined the next segmentation starts before the frame waits for
  // its hands; the compositing after them, as it keeps them in front.
  stage = Clock::now();
  const PersonMask* person = d.background.update(in, timestamp_us, options, pipelined, t);
  const double mask_ms = ms_since(stage) - (pipelined ? 0.0 : t.segmentation_ms);
  const std::vector<TrackedHand>& tracked = d.tracking->track(in, timestamp_us, d.options, pipelined, t);
  if (person) {
    stage = Clock::now();
    d.pixels->composite_background(d.background.with_hands(tracked, width, height), mode, scene);
    t.background_ms = mask_ms + ms_since(stage);
  }

  stage = Clock::now();
  d.effects.update(tracked, timestamp_us, d.options);
  t.smoothing_ms = ms_since(stage);

  stage = Clock::now();
  result->shields_drawn = render_effect(*d.pixels, d.effects, d.options, ShieldSprites::current());
  t.render_ms = ms_since(stage);

  fill_hand_results(tracked, d.effects, *result);
  t.total_ms = ms_since(start);
}

}  // namespace magicshield
