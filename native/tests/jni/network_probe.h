// Diagnostics: one hand model's network alone, as the frame pass runs it, on a tensor the caller prepared, so that
// its speed and outputs can be set against another runtime (TFLite with XNNPACK) on identical input. Test-only
// (magicshield_probes), like LandmarkProbe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace magicshield {

class TfliteNetwork;

class NetworkProbe {
 public:
  // `model` is a ModelKind value: 0 palm_detection_full, 1 palm_detection_lite, 2 hand_landmark_full,
  // 3 hand_landmark_lite. The model must be loaded (NativeCore loads all four).
  explicit NetworkProbe(int model);
  // The same network on TFLite with XNNPACK (TfliteNetwork, the CLI's --tflite-library engine) on `threads` threads.
  NetworkProbe(int model, const std::string& tflite_library, int threads);
  ~NetworkProbe();
  NetworkProbe(const NetworkProbe&) = delete;
  NetworkProbe& operator=(const NetworkProbe&) = delete;

  // The side of the model's square input (192 palm, 224 landmarks); the tensor holds 3 * side * side floats.
  int input_size() const;
  // How many floats run() writes: palm 2016 x 18 regressors then 2016 score logits; landmarks as
  // LandmarkProbe::infer (21 x (x, y, z), presence, raw handedness).
  int output_count() const;
  // The palm model's input for a frame, as the frame pass makes it (in planes): the whole frame letterboxed into
  // 192x192.
  void letterbox(const std::uint8_t* y, int stride_y, const std::uint8_t* u, int stride_u, const std::uint8_t* v,
                 int stride_v, int width, int height, float* nchw) const;
  // The network (with our dense heads for the landmark model) on a 1x3xSxS RGB tensor in [0, 1]; on TFLite
  // load(nchw), invoke(), outputs(out).
  void run(const float* nchw, float* out);

  // TFLite only (std::logic_error otherwise): run() in three steps, so that a benchmark can time what the frame pass
  // does per inference beyond writing the input, which its samplers write in place (TfliteHandModels).
  // The tensor into the interpreter's input tensor, interleaved (NHWC) as the frame pass's samplers write it.
  void load(const float* nchw);
  // What TfliteHandModels does around the sampling: the input's size checked, Invoke(), the outputs found and their
  // sizes checked; nothing copied.
  void invoke();
  // The outputs of the last invoke(), copied into `out` (output_count() floats).
  void outputs(float* out) const;

 private:
  TfliteNetwork& tflite() const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace magicshield
