// MediaPipe's models on TFLite's XNNPACK delegate, the engine MediaPipe's native build runs them on, through TFLite's
// C API as the bytedeco TFLite JNI library (libjnitensorflowlite.so, org.bytedeco:tensorflow-lite's linux-x86_64 jar)
// exports it, loaded at run time: no headers, every TFLite type stays opaque. Measured from C++ on the 2-core machine
// (docs/performance.md): palm_detection_full 5.5 ms on one thread against 9.2 ms on our OpenCV DNN layers.
#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "magicshield/magicshield.h"

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

// One model's flatbuffer as TFLite holds it, shared by the model's interpreters (TFLite reads the bytes for as long
// as an interpreter of the model exists).
class TfliteModel {
 public:
  // Throws std::invalid_argument when TFLite cannot read the model.
  TfliteModel(std::shared_ptr<const TfliteRuntime> runtime, std::vector<std::uint8_t> bytes);
  ~TfliteModel();
  TfliteModel(const TfliteModel&) = delete;
  TfliteModel& operator=(const TfliteModel&) = delete;
  const std::shared_ptr<const TfliteRuntime>& runtime() const { return runtime_; }
  void* handle() const { return model_; }

 private:
  std::shared_ptr<const TfliteRuntime> runtime_;
  std::vector<std::uint8_t> bytes_;
  void* model_ = nullptr;
};

// XNNPACK's packed weights of one model, shared by the model's interpreters (XNNPACK's weights cache): the first
// interpreter packs them into it, the later ones find theirs there instead of packing a copy of their own.
class XnnpackWeights {
 public:
  explicit XnnpackWeights(std::shared_ptr<const TfliteRuntime> runtime);
  ~XnnpackWeights();
  XnnpackWeights(const XnnpackWeights&) = delete;
  XnnpackWeights& operator=(const XnnpackWeights&) = delete;
  void* handle() const { return cache_; }
  // XNNPACK runs no model whose cache is not finalized; soft, so that interpreters built later still find their
  // weights in it (those of the model that filled it; any other model's would not fit). Idempotent; false when
  // XNNPACK refuses.
  bool finalize();

 private:
  std::shared_ptr<const TfliteRuntime> runtime_;
  void* cache_ = nullptr;
  bool finalized_ = false;
};

// One interpreter of one model with the XNNPACK delegate on `threads` threads; one run at a time.
class TfliteNetwork {
 public:
  // An interpreter of its own model (the model's bytes kept), its weights packed for it alone. Throws
  // std::invalid_argument when TFLite cannot build the model.
  TfliteNetwork(std::shared_ptr<const TfliteRuntime> runtime, std::vector<std::uint8_t> model, int threads);
  // An interpreter of a shared model; with `weights`, its packed weights come from that cache, which the first
  // interpreter fills and finalizes (build the interpreters of one cache one at a time).
  TfliteNetwork(std::shared_ptr<const TfliteModel> model, int threads, std::shared_ptr<XnnpackWeights> weights);
  ~TfliteNetwork();
  TfliteNetwork(const TfliteNetwork&) = delete;
  TfliteNetwork& operator=(const TfliteNetwork&) = delete;

  // The model's input tensor, 1 x height x width x 3 floats (NHWC), for the caller to write in place (the frame pass's
  // samplers write RGB there straight from the I420 planes); valid until the interpreter is gone. Throws
  // std::invalid_argument when the model's input is not of that size.
  float* input(int width, int height);
  // Runs the model on what input() holds.
  void invoke();
  // Output `index` after run(): its floats and their count.
  const float* output(int index, std::size_t* count) const;

 private:
  std::shared_ptr<const TfliteModel> model_;
  std::shared_ptr<XnnpackWeights> weights_;
  void* delegate_ = nullptr;
  void* interpreter_ = nullptr;
};

// The interpreters of every model, shared by all sessions as OpenCV's networks are (ModelStore): at most
// ModelStore::max_networks() inferences of one model at once, the others wait for an interpreter. An interpreter per
// session instead cost 55 MiB per session (palm, landmark and segmentation models, full; RSS over 10 sessions), and
// with one thread per interpreter more inferences at once than cores only share the cores. The interpreters of a
// model share its flatbuffer and XNNPACK's packed weights (TfliteModel, XnnpackWeights).
class TfliteNetworks {
 public:
  TfliteNetworks(std::shared_ptr<const TfliteRuntime> runtime, int threads);

  // One interpreter of a model, back to its pool when the lease ends.
  class Lease {
   public:
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    TfliteNetwork* operator->() const { return network_.get(); }

   private:
    friend class TfliteNetworks;
    Lease(TfliteNetworks* owner, ModelKind kind, std::unique_ptr<TfliteNetwork> network);
    TfliteNetworks* owner_;
    ModelKind kind_;
    std::unique_ptr<TfliteNetwork> network_;
  };
  // An idle interpreter of the model, a new one while fewer than ModelStore::max_networks() exist, else the first
  // returned. Throws std::runtime_error when the model is not loaded, std::invalid_argument when TFLite cannot build
  // it.
  Lease take(ModelKind kind);

 private:
  struct Pool {
    std::vector<std::unique_ptr<TfliteNetwork>> idle;
    int created = 0;
    std::shared_ptr<const TfliteModel> model;  // from the first interpreter on; under build_mutex_
    std::shared_ptr<XnnpackWeights> weights;
  };
  std::unique_ptr<TfliteNetwork> build(ModelKind kind, Pool& pool);
  void give_back(ModelKind kind, std::unique_ptr<TfliteNetwork> network);

  std::shared_ptr<const TfliteRuntime> runtime_;
  int threads_;
  std::mutex mutex_;
  std::mutex build_mutex_;  // one interpreter built at a time: the first of a model finalizes its weights
  std::condition_variable returned_;
  std::array<Pool, kModelKinds> pools_;
};

// The engine the frame passes made from now on run their models on (Engine::set_inference_engine): TFLite with XNNPACK
// when `runtime` is set (each interpreter on `threads` threads, shared through `networks`), OpenCV DNN with our layers
// when it is null (the default).
struct TfliteEngineChoice {
  std::shared_ptr<const TfliteRuntime> runtime;
  int threads = 1;
  std::shared_ptr<TfliteNetworks> networks;
};
// TFLite from `runtime` with interpreters on `threads` threads, or OpenCV DNN when `runtime` is null.
void use_tflite_engine(std::shared_ptr<const TfliteRuntime> runtime, int threads);
TfliteEngineChoice tflite_engine();

}  // namespace magicshield
