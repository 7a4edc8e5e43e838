// MediaPipe's models on TFLite's XNNPACK delegate, the engine MediaPipe's native build runs them on, through TFLite's
// C API as the bytedeco TFLite JNI library (libjnitensorflowlite.so, org.bytedeco:tensorflow-lite's linux-x86_64 jar)
// exports it, loaded at run time: no headers, every TFLite type stays opaque. Measured from C++ on the 2-core machine
// (docs/performance.md): palm_detection_full 5.5 ms on one thread against 9.2 ms on our OpenCV DNN layers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace magicshield {

struct TfliteApi;  // the C functions, resolved once per library

class TfliteRuntime {
 public:
  // Loads the library (throws std::runtime_error naming what is missing).
  static std::shared_ptr<const TfliteRuntime> load(const std::string& library_path);
  ~TfliteRuntime();
  const TfliteApi& api() const { return *api_; }

 private:
  TfliteRuntime() = default;
  void* handle_ = nullptr;
  std::unique_ptr<TfliteApi> api_;
};

// One interpreter of one model with the XNNPACK delegate on `threads` threads; one run at a time.
class TfliteNetwork {
 public:
  // The network keeps the model's bytes (TFLite reads them for the interpreter's lifetime). Throws
  // std::invalid_argument when TFLite cannot build the model.
  TfliteNetwork(std::shared_ptr<const TfliteRuntime> runtime, std::vector<std::uint8_t> model, int threads);
  ~TfliteNetwork();
  TfliteNetwork(const TfliteNetwork&) = delete;
  TfliteNetwork& operator=(const TfliteNetwork&) = delete;

  // Runs the model on a 1x3xHxW NCHW RGB tensor (our samplers' layout; the model's input is NHWC).
  void run(const float* nchw, int width, int height);
  // Output `index` after run(): its floats and their count.
  const float* output(int index, std::size_t* count) const;

 private:
  std::shared_ptr<const TfliteRuntime> runtime_;
  std::vector<std::uint8_t> model_bytes_;
  void* model_ = nullptr;
  void* delegate_ = nullptr;
  void* interpreter_ = nullptr;
};

// The engine the frame passes made from now on run their models on (Engine::set_inference_engine): TFLite with XNNPACK
// when `runtime` is set (each network on `threads` threads), OpenCV DNN with our layers when it is null (the default).
struct TfliteEngineChoice {
  std::shared_ptr<const TfliteRuntime> runtime;
  int threads = 1;
};
void use_tflite_engine(TfliteEngineChoice choice);
TfliteEngineChoice tflite_engine();

}  // namespace magicshield
