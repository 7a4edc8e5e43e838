// Magic Shield native core: public API.
//
// One FramePass per video session turns an I420 frame into an I420 frame with the effect drawn, in one call:
// hand tracking (MediaPipe's palm detection + hand landmark graph), smoothing, gesture state, shield and line
// rendering. The process-wide Engine holds the models and sprites, loaded once. This header is also what the
// JavaCPP binding (io.magicshield.core.jni) is generated from, so it keeps to plain structs and classes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace magicshield {

constexpr int kMaxHands = 4;
constexpr int kNumLandmarks = 21;
constexpr int kMaxFrameSide = 8192;  // the largest width or height FramePass::process takes

enum class ModelKind : int {
  kPalmFull = 0,
  kPalmLite = 1,
  kLandmarkFull = 2,
  kLandmarkLite = 3,
  kSegmentationGeneral = 4,    // selfie_segmentation.tflite, 256x256
  kSegmentationLandscape = 5,  // selfie_segmentation_landscape.tflite, 144x256 (height x width)
};
constexpr int kModelKinds = 6;
enum class ModelComplexity : int { kLite = 0, kFull = 1 };
enum class HandState : int { kIdle = 0, kLines = 1, kShield = 2 };
// What replaces the background behind the person (MediaPipe's selfie segmentation finds them): nothing, the frame
// itself blurred, the generated scene (Engine::load_background_scene), or the session's own picture
// (FramePass::set_background_image; until it has one, the frame is shown as it is, as with kOff).
enum class Background : int { kOff = 0, kBlur = 1, kScene = 2, kImage = 3 };

// The options the server and the page offer are one table, io.magicshield.core.EffectOption (Java), which owns their
// ranges; its defaults must equal these (EffectOptionTableTest). The core checks only what memory safety needs.
struct EffectOptions {
  bool mirror = true;    // selfie view: the output is the mirrored input
  int max_hands = 2;     // 1..kMaxHands
  int model = 1;         // ModelComplexity: 0 lite, 1 full
  bool tracking = true;  // video mode; false treats every frame alone (palm detection each time)
  float min_detection_score = 0.5f;
  float min_presence_score = 0.5f;
  // While some hands are tracked, how often to look for more. Not longer: on clip01 at 30 fps (the CLI bench, max 2
  // hands) 500 ms would save a quarter of the palm detections (144 instead of 192 of 600 frames) but find a hand on
  // 0.80 instead of 0.82 of the frames, as with max 1 hand: a re-detection also picks up a hand the tracking lost.
  float redetect_interval_ms = 200.f;
  // Under load: at most one round of the models per this interval (0: every frame). Frames in between keep the
  // last hands, so the video and the shield's motion keep the frame rate while the tracking updates less often.
  float min_inference_interval_ms = 0.f;
  // Inference beside the frame (CPU backend; on the GPU the pass keeps one device copy of the frame for the models
  // and the drawing, so it stays in line): each frame is drawn with the hands the models found in the frame before,
  // while they look at this one on a thread of the pass's own, so the video does not wait for its own inference.
  // The hands (and the results) then trail the video by one frame.
  bool pipelined = false;
  // The shield shows when the hand's open score (0..1: every finger straight, the hand shown to the camera, the
  // thumb apart from the index; docs/effect.md) passes open_threshold, +- half the hysteresis band once the hand
  // has been seen. At 0.5 each of those criteria must be at least halfway; on the shared photos open hands score
  // from 0.87 (on the clips 0.40 once, just after an "OK"), other hands at most 0.28.
  float open_threshold = 0.5f;
  float hysteresis = 0.1f;
  float lines_min_ratio = 0.5f;      // a hand that is not open gets lines when its open_ratio is above this
  float shield_scale = 2.0f;         // shield diameter = scale * |wrist - index MCP|
  float degrees_per_second = 60.0f;  // ring rotation, from frame timestamps (the prototype: 2 deg/frame at 30 fps)
  float fade_ms = 150.0f;            // shield fade in/out
  bool hand_lines = true;
  bool landmark_debug = false;
  bool smoothing = true;  // one-euro filter on the landmarks used for drawing
  int background = 0;     // Background: 0 off, 1 blur, 2 scene, 3 image
};

struct HandResult {
  int id;                              // stable while the hand is tracked
  int right_handed;                    // 1: "Right" in MediaPipe's convention (the model sees the mirrored image)
  float handedness_score;              // confidence of that label
  float presence;                      // landmark model's hand presence score
  float landmarks[kNumLandmarks * 3];  // x, y in output-frame pixels, z on the same scale as x (raw, unsmoothed)
  float open_ratio;                    // |index tip - pinky tip| / |wrist - index MCP|
  float open_score;                    // 0..1: how open the hand is (hand_geometry.h), against open_threshold
  int state;                           // HandState
  float shield_x, shield_y;            // shield centre (output pixels)
  float shield_diameter;               // pixels
  float shield_opacity;                // 0..1, with fade
  float rotation_degrees;
  int from_palm_detection;  // 1 when this frame's ROI came from palm detection, 0 when tracked
};

// In a pipelined pass, the model figures are those of the inference the frame's hands came from (the frame
// before's, run on the pass's thread); total_ms is the frame's own work and any wait for that inference.
struct StageTimings {
  double copy_ms;       // mirror/copy of the input into the output
  double palm_ms;       // palm detection (0 when it did not run)
  double landmark_ms;   // all landmark model calls, crops included
  double smoothing_ms;  // filtering and gesture state
  double render_ms;     // shields, lines, overlay
  double total_ms;
  int palm_detection_ran;
  int landmark_calls;
  int inference_skipped;   // 1 when the models did not look at this frame (min_inference_interval_ms)
  double segmentation_ms;  // the person segmentation whose mask arrived for this frame (0 when none did)
  double background_ms;    // steadying the mask and compositing the background (0 when it is off)
};

struct FrameResult {
  int hand_count;
  HandResult hands[kMaxHands];
  int shields_drawn;
  StageTimings timings;
};

// Process-wide resources. Loading is thread-safe; models may be (re)loaded before any FramePass uses them.
class Engine {
 public:
  // Model file bytes (a .tflite flatbuffer); parsed to check them, kept to create networks from.
  static void load_model(ModelKind kind, const std::uint8_t* data, std::size_t size);
  static void load_model_file(ModelKind kind, const std::string& path);
  // Shield sprites as PNG (RGBA, square, same size): the ring that turns clockwise and the one that turns
  // counter-clockwise.
  static void load_sprites(const std::uint8_t* clockwise_png, std::size_t clockwise_size,
                           const std::uint8_t* counter_png, std::size_t counter_size);
  static void load_sprite_files(const std::string& clockwise_path, const std::string& counter_path);
  // The `scene` background, PNG or JPEG (at least 16 px a side): scaled to cover each frame, its middle shown.
  static void load_background_scene(const std::uint8_t* image, std::size_t size);
  static void load_background_scene_file(const std::string& path);
  static bool has_model(ModelKind kind);
  static bool has_background_scene();
  static bool has_sprites();
  // Threads OpenCV may use inside one inference (process-wide OpenCV setting). 0 keeps OpenCV's default.
  static void set_inference_threads(int threads);
  // Networks kept per model: at most this many inferences of one model run at once, the rest wait.
  static void set_max_networks_per_model(int count);
  // The compute backend, process-wide: "auto" (the default: CUDA when this library was built with it and a usable
  // GPU and driver are present, else the CPU, saying once on stderr why), "cpu" or "cuda". Choose it before
  // loading models; it is fixed once networks exist. Throws std::invalid_argument for other names,
  // std::runtime_error when "cuda" cannot be used (saying why, e.g. "built without CUDA"), std::logic_error when
  // models are loaded already under another backend.
  static void set_backend(const std::string& name);
  // "cpu" or "cuda": the backend in use.
  static std::string backend();
  // The engine the models of FramePasses made from now on run on (those made before keep theirs): "tflite", TFLite's
  // XNNPACK delegate through the TFLite C API of `tflite_library` (org.bytedeco:tensorflow-lite's
  // libjnitensorflowlite.so), every network an interpreter of its own on `threads` threads; or "opencv", OpenCV DNN
  // with our layers (the default; the library and threads are then unused). Throws std::invalid_argument for another
  // name or threads < 1, std::runtime_error when the library cannot be loaded or lacks the C API; the engine then
  // stays as it was.
  static void set_inference_engine(const std::string& name, const std::string& tflite_library, int threads);
  // "tflite" or "opencv".
  static std::string inference_engine();
  static std::string describe();
};

// One video session's effect. Not thread-safe: one thread calls process() at a time (calls from different
// threads must be ordered). Different FramePass objects may be used from different threads at once. A pipelined
// pass has one thread of its own besides, busy only between a frame's process() and the next call.
class FramePass {
 public:
  explicit FramePass(const EffectOptions& options);
  ~FramePass();
  FramePass(const FramePass&) = delete;
  FramePass& operator=(const FramePass&) = delete;

  void set_options(const EffectOptions& options);

  // This session's `image` background: 8-bit BGR pixels, rows `stride` bytes apart, 16..kMaxFrameSide a side;
  // copied, so the caller keeps its buffer. Like process(), called from the pass's one thread, between frames. The
  // picture is decoded and checked by the caller (the server takes untrusted uploads apart in Java, never here).
  // Throws std::invalid_argument for bad arguments, keeping the picture it had.
  void set_background_image(const std::uint8_t* bgr, int width, int height, int stride);

  // Reads the I420 input planes, writes the output planes (distinct memory). The output is the input's size, or a
  // smaller picture of the same shape (within a pixel of rounding), which the pass writes directly: scaling and
  // compositing in one pass, for a video sender whose bandwidth allows fewer pixels. Hands and shields in the
  // result are in input pixels. Chroma planes are (width + 1) / 2 by (height + 1) / 2. Timestamps are
  // microseconds, increasing. Throws std::invalid_argument for bad arguments, std::runtime_error when a model is
  // missing.
  void process(const std::uint8_t* in_y, int in_stride_y, const std::uint8_t* in_u, int in_stride_u,
               const std::uint8_t* in_v, int in_stride_v, int width, int height, std::uint8_t* out_y, int out_stride_y,
               std::uint8_t* out_u, int out_stride_u, std::uint8_t* out_v, int out_stride_v, int out_width,
               int out_height, std::int64_t timestamp_us, FrameResult* result);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace magicshield
