#include "tflite_runtime.h"

#include <dlfcn.h>

#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "model_store.h"

namespace magicshield {

namespace {

// TfLiteXNNPackDelegateOptions (tensorflow/lite/delegates/xnnpack/xnnpack_delegate.h) begins with num_threads, flags
// and the weights cache (its layout since TFLite 2.9); the rest is kept as the library's defaults fill it. It is
// returned by value: a hidden pointer to caller memory, so the spare room only has to be at least the struct's size
// (about 64 bytes in TFLite 2.19).
struct XnnpackOptions {
  std::int32_t num_threads;
  std::uint32_t flags;
  void* weights_cache;
  unsigned char rest[496];
};

// The leading fields of TfLiteRegistration (tensorflow/lite/core/c/common.h): a registration that only names a
// custom op, so that the interpreter builds and the XNNPACK delegate takes the op (MediaPipe's
// Convolution2DTransposeBias, in the segmentation models). Zeros after: no kernel of our own.
struct CustomOpName {
  void* functions[5];  // init, free, prepare, invoke, profiling_string
  std::int32_t builtin_code;
  const char* custom_name;
  std::int32_t version;
  unsigned char rest[128];
};
constexpr std::int32_t kTfLiteBuiltinCustom = 32;

}  // namespace

struct TfliteApi {
  void* (*model_create)(const void*, std::size_t);
  void (*model_delete)(void*);
  void* (*options_create)();
  void (*options_delete)(void*);
  void (*options_set_num_threads)(void*, std::int32_t);
  void (*options_add_delegate)(void*, void*);
  void (*options_add_custom_op)(void*, const char*, const CustomOpName*, std::int32_t, std::int32_t);
  void* (*interpreter_create)(const void*, const void*);
  void (*interpreter_delete)(void*);
  int (*allocate_tensors)(void*);
  void* (*input_tensor)(const void*, std::int32_t);
  const void* (*output_tensor)(const void*, std::int32_t);
  std::int32_t (*output_count)(const void*);
  int (*invoke)(void*);
  std::size_t (*tensor_byte_size)(const void*);
  void* (*tensor_data)(const void*);
  XnnpackOptions (*xnnpack_options_default)();
  void* (*xnnpack_create)(const XnnpackOptions*);
  void (*xnnpack_delete)(void*);
  void* (*weights_cache_create)();
  bool (*weights_cache_finalize_soft)(void*);
  void (*weights_cache_delete)(void*);
};

TfliteRuntime::~TfliteRuntime() {
  if (handle_ != nullptr) dlclose(handle_);
}

std::shared_ptr<const TfliteRuntime> TfliteRuntime::load(const std::string& library_path) {
  std::shared_ptr<TfliteRuntime> runtime(new TfliteRuntime());
  runtime->handle_ = dlopen(library_path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (runtime->handle_ == nullptr) throw std::runtime_error("cannot load TFLite: " + std::string(dlerror()));
  auto api = std::make_unique<TfliteApi>();
  auto resolve = [&](auto& fn, const char* name) {
    void* symbol = dlsym(runtime->handle_, name);
    if (symbol == nullptr) throw std::runtime_error(library_path + " does not export " + name);
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(symbol);
  };
  resolve(api->model_create, "TfLiteModelCreate");
  resolve(api->model_delete, "TfLiteModelDelete");
  resolve(api->options_create, "TfLiteInterpreterOptionsCreate");
  resolve(api->options_delete, "TfLiteInterpreterOptionsDelete");
  resolve(api->options_set_num_threads, "TfLiteInterpreterOptionsSetNumThreads");
  resolve(api->options_add_delegate, "TfLiteInterpreterOptionsAddDelegate");
  resolve(api->options_add_custom_op, "TfLiteInterpreterOptionsAddCustomOp");
  resolve(api->interpreter_create, "TfLiteInterpreterCreate");
  resolve(api->interpreter_delete, "TfLiteInterpreterDelete");
  resolve(api->allocate_tensors, "TfLiteInterpreterAllocateTensors");
  resolve(api->input_tensor, "TfLiteInterpreterGetInputTensor");
  resolve(api->output_tensor, "TfLiteInterpreterGetOutputTensor");
  resolve(api->output_count, "TfLiteInterpreterGetOutputTensorCount");
  resolve(api->invoke, "TfLiteInterpreterInvoke");
  resolve(api->tensor_byte_size, "TfLiteTensorByteSize");
  resolve(api->tensor_data, "TfLiteTensorData");
  resolve(api->xnnpack_options_default, "TfLiteXNNPackDelegateOptionsDefault");
  resolve(api->xnnpack_create, "TfLiteXNNPackDelegateCreate");
  resolve(api->xnnpack_delete, "TfLiteXNNPackDelegateDelete");
  resolve(api->weights_cache_create, "TfLiteXNNPackDelegateWeightsCacheCreate");
  resolve(api->weights_cache_finalize_soft, "TfLiteXNNPackDelegateWeightsCacheFinalizeSoft");
  resolve(api->weights_cache_delete, "TfLiteXNNPackDelegateWeightsCacheDelete");
  runtime->api_ = std::move(api);
  return runtime;
}

TfliteModel::TfliteModel(std::shared_ptr<const TfliteRuntime> runtime, std::vector<std::uint8_t> bytes)
    : runtime_(std::move(runtime)), bytes_(std::move(bytes)) {
  model_ = runtime_->api().model_create(bytes_.data(), bytes_.size());
  if (model_ == nullptr) throw std::invalid_argument("TFLite cannot read the model");
}

TfliteModel::~TfliteModel() { runtime_->api().model_delete(model_); }

XnnpackWeights::XnnpackWeights(std::shared_ptr<const TfliteRuntime> runtime) : runtime_(std::move(runtime)) {
  cache_ = runtime_->api().weights_cache_create();
  if (cache_ == nullptr) throw std::runtime_error("XNNPACK could not make a weights cache");
}

XnnpackWeights::~XnnpackWeights() { runtime_->api().weights_cache_delete(cache_); }

bool XnnpackWeights::finalize() {
  if (!finalized_) finalized_ = runtime_->api().weights_cache_finalize_soft(cache_);
  return finalized_;
}

TfliteNetwork::TfliteNetwork(std::shared_ptr<const TfliteRuntime> runtime, std::vector<std::uint8_t> model, int threads)
    : TfliteNetwork(std::make_shared<TfliteModel>(std::move(runtime), std::move(model)), threads, nullptr) {}

TfliteNetwork::TfliteNetwork(std::shared_ptr<const TfliteModel> model, int threads,
                             std::shared_ptr<XnnpackWeights> weights)
    : model_(std::move(model)), weights_(std::move(weights)) {
  if (threads < 1) throw std::invalid_argument("TFLite threads must be >= 1");
  const TfliteApi& api = model_->runtime()->api();
  // TfLiteInterpreterCreate applies no delegate by itself: without this one, TFLite's own kernels run (palm
  // detection 62 ms instead of 5.5 ms on one thread).
  XnnpackOptions xnnpack = api.xnnpack_options_default();
  xnnpack.num_threads = threads;
  if (weights_) xnnpack.weights_cache = weights_->handle();
  delegate_ = api.xnnpack_create(&xnnpack);
  static const CustomOpName deconvolution{{}, kTfLiteBuiltinCustom, "Convolution2DTransposeBias", 1, {}};
  void* options = api.options_create();
  api.options_set_num_threads(options, threads);
  api.options_add_delegate(options, delegate_);
  api.options_add_custom_op(options, deconvolution.custom_name, &deconvolution, 1, 1);
  interpreter_ = api.interpreter_create(model_->handle(), options);
  api.options_delete(options);
  // The delegate packed the weights while the interpreter was built; XNNPACK sets up nothing on an open cache.
  if (interpreter_ == nullptr || (weights_ && !weights_->finalize()) || api.allocate_tensors(interpreter_) != 0) {
    if (interpreter_ != nullptr) api.interpreter_delete(interpreter_);
    api.xnnpack_delete(delegate_);
    throw std::invalid_argument("TFLite cannot build an interpreter for the model");
  }
}

TfliteNetwork::~TfliteNetwork() {
  const TfliteApi& api = model_->runtime()->api();
  api.interpreter_delete(interpreter_);
  api.xnnpack_delete(delegate_);
}

float* TfliteNetwork::input(int width, int height) {
  const TfliteApi& api = model_->runtime()->api();
  void* tensor = api.input_tensor(interpreter_, 0);
  if (width < 1 || height < 1 ||
      api.tensor_byte_size(tensor) != 3 * static_cast<std::size_t>(width) * height * sizeof(float)) {
    throw std::invalid_argument("the model's input is not 1x" + std::to_string(height) + "x" + std::to_string(width) +
                                "x3 floats");
  }
  return static_cast<float*>(api.tensor_data(tensor));
}

void TfliteNetwork::invoke() {
  if (model_->runtime()->api().invoke(interpreter_) != 0) throw std::runtime_error("TFLite could not run the model");
}

const float* TfliteNetwork::output(int index, std::size_t* count) const {
  const TfliteApi& api = model_->runtime()->api();
  if (index < 0 || index >= api.output_count(interpreter_)) {
    throw std::out_of_range("the model has no output " + std::to_string(index));
  }
  const void* tensor = api.output_tensor(interpreter_, index);
  *count = api.tensor_byte_size(tensor) / sizeof(float);
  return static_cast<const float*>(api.tensor_data(tensor));
}

TfliteNetworks::TfliteNetworks(std::shared_ptr<const TfliteRuntime> runtime, int threads)
    : runtime_(std::move(runtime)), threads_(threads) {
  if (threads < 1) throw std::invalid_argument("TFLite threads must be >= 1");
}

TfliteNetworks::Lease::Lease(TfliteNetworks* owner, ModelKind kind, std::unique_ptr<TfliteNetwork> network)
    : owner_(owner), kind_(kind), network_(std::move(network)) {}

TfliteNetworks::Lease::~Lease() {
  if (network_) owner_->give_back(kind_, std::move(network_));
}

TfliteNetworks::Lease TfliteNetworks::take(ModelKind kind) {
  Pool& pool = pools_.at(static_cast<std::size_t>(kind));
  {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      if (!pool.idle.empty()) {
        std::unique_ptr<TfliteNetwork> network = std::move(pool.idle.back());
        pool.idle.pop_back();
        return Lease(this, kind, std::move(network));
      }
      if (pool.created < ModelStore::instance().max_networks()) break;
      returned_.wait(lock);
    }
    ++pool.created;
  }
  try {  // built outside the lock: other models' leases go on meanwhile
    return Lease(this, kind, build(kind, pool));
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    --pool.created;
    returned_.notify_one();
    throw;
  }
}

std::unique_ptr<TfliteNetwork> TfliteNetworks::build(ModelKind kind, Pool& pool) {
  std::lock_guard<std::mutex> lock(build_mutex_);
  if (!pool.model) {
    pool.model = std::make_shared<TfliteModel>(runtime_, ModelStore::instance().bytes(kind));
    pool.weights = std::make_shared<XnnpackWeights>(runtime_);
  }
  return std::make_unique<TfliteNetwork>(pool.model, threads_, pool.weights);
}

void TfliteNetworks::give_back(ModelKind kind, std::unique_ptr<TfliteNetwork> network) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pools_.at(static_cast<std::size_t>(kind)).idle.push_back(std::move(network));
  }
  returned_.notify_all();
}

namespace {
std::mutex engine_mutex;
TfliteEngineChoice engine_choice;
}  // namespace

void use_tflite_engine(std::shared_ptr<const TfliteRuntime> runtime, int threads) {
  TfliteEngineChoice choice;
  if (runtime) choice = {runtime, threads, std::make_shared<TfliteNetworks>(runtime, threads)};
  std::lock_guard<std::mutex> lock(engine_mutex);
  engine_choice = std::move(choice);
}

TfliteEngineChoice tflite_engine() {
  std::lock_guard<std::mutex> lock(engine_mutex);
  return engine_choice;
}

}  // namespace magicshield
