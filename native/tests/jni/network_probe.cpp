#include "network_probe.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>

#include "hand_landmarker.h"
#include "model_input.h"
#include "model_store.h"
#include "palm_detector.h"
#include "ssd_anchors.h"
#include "tflite_runtime.h"

namespace magicshield {

namespace {
const int kPalmAnchors = static_cast<int>(generate_ssd_anchors(SsdAnchorOptions{}).size());
}

struct NetworkProbe::Impl {
  explicit Impl(ModelKind model) : kind(model), palm(is_palm(model)) {
    if (!palm) landmarker.emplace(model);
  }
  static bool is_palm(ModelKind m) { return m == ModelKind::kPalmFull || m == ModelKind::kPalmLite; }
  ModelKind kind;
  bool palm;
  std::optional<HandLandmarker> landmarker;
  std::unique_ptr<TfliteNetwork> tflite;
};

namespace {
ModelKind loaded_model(int model) {
  if (model < 0 || model > 3)
    throw std::invalid_argument("model must be 0-3 (a ModelKind), not " + std::to_string(model));
  const auto kind = static_cast<ModelKind>(model);
  if (!ModelStore::instance().has(kind)) throw std::invalid_argument(std::string(model_name(kind)) + " is not loaded");
  return kind;
}
}  // namespace

NetworkProbe::NetworkProbe(int model) : impl_(std::make_unique<Impl>(loaded_model(model))) {}

NetworkProbe::NetworkProbe(int model, const std::string& tflite_library, int threads)
    : impl_(std::make_unique<Impl>(loaded_model(model))) {
  impl_->tflite = std::make_unique<TfliteNetwork>(TfliteRuntime::load(tflite_library),
                                                  ModelStore::instance().bytes(impl_->kind), threads);
}

NetworkProbe::~NetworkProbe() = default;

int NetworkProbe::input_size() const { return impl_->palm ? kPalmInputSize : kLandmarkInputSize; }

int NetworkProbe::output_count() const {
  return impl_->palm ? kPalmAnchors * (kPalmValuesPerAnchor + 1) : kNumLandmarks * 3 + 2;
}

void NetworkProbe::letterbox(const std::uint8_t* y, int stride_y, const std::uint8_t* u, int stride_u,
                             const std::uint8_t* v, int stride_v, int width, int height, float* nchw) const {
  if (!y || !u || !v || !nchw || width < 2 || height < 2) throw std::invalid_argument("bad frame or tensor");
  const int cw = (width + 1) / 2;
  if (stride_y < width || stride_u < cw || stride_v < cw) throw std::invalid_argument("a stride is too small");
  const I420View frame{y, stride_y, u, stride_u, v, stride_v, width, height};
  const Letterbox box = letterbox_for(width, height);
  sample_rgb_tensor(frame, false, box.roi, kPalmInputSize, kPalmInputSize, Border::kZero, TensorLayout::kNchw, nchw);
}

TfliteNetwork& NetworkProbe::tflite() const {
  if (!impl_->tflite) throw std::logic_error("this probe runs OpenCV DNN, not TFLite");
  return *impl_->tflite;
}

void NetworkProbe::load(const float* nchw) {
  if (nchw == nullptr) throw std::invalid_argument("tensor is null");
  const int side = input_size();
  nchw_to_nhwc(nchw, side * side, tflite().input(side, side));
}

void NetworkProbe::invoke() {
  TfliteNetwork& network = tflite();
  const int side = input_size();
  network.input(side, side);
  network.invoke();
  std::size_t written = 0;
  for (int i = 0; i < (impl_->palm ? 2 : 3); ++i) {
    std::size_t n = 0;
    network.output(i, &n);
    written += n;
  }
  if (written != static_cast<std::size_t>(output_count())) throw std::runtime_error("unexpected TFLite outputs");
}

void NetworkProbe::outputs(float* out) const {
  if (out == nullptr) throw std::invalid_argument("output is null");
  std::size_t written = 0;
  for (int i = 0; i < (impl_->palm ? 2 : 3); ++i) {
    std::size_t n = 0;
    const float* values = tflite().output(i, &n);
    std::copy_n(values, n, out + written);
    written += n;
  }
}

void NetworkProbe::run(const float* nchw, float* out) {
  if (nchw == nullptr || out == nullptr) throw std::invalid_argument("tensor is null");
  Impl& d = *impl_;
  if (d.tflite) {
    load(nchw);
    invoke();  // checks the outputs' sizes before outputs() copies them
    outputs(out);
    return;
  }
  if (!d.palm) {
    const LandmarkModelOutput r = d.landmarker->infer(nchw);
    std::copy(r.landmarks, r.landmarks + kNumLandmarks * 3, out);
    out[kNumLandmarks * 3] = r.presence;
    out[kNumLandmarks * 3 + 1] = 1.f - r.handedness;
    return;
  }
  NetLease net = ModelStore::instance().lease(d.kind);
  const std::vector<cv::Mat> outputs = net.forward(nchw, kPalmInputSize);
  // Told apart by size, as PalmDetector does: regressors N x 18, score logits N.
  const std::size_t n = static_cast<std::size_t>(kPalmAnchors);
  const cv::Mat* regressors = nullptr;
  const cv::Mat* scores = nullptr;
  for (const cv::Mat& m : outputs) {
    if (m.total() == n * kPalmValuesPerAnchor) regressors = &m;
    if (m.total() == n) scores = &m;
  }
  if (regressors == nullptr || scores == nullptr) throw std::runtime_error("unexpected palm model outputs");
  std::copy_n(regressors->ptr<float>(), n * kPalmValuesPerAnchor, out);
  std::copy_n(scores->ptr<float>(), n, out + n * kPalmValuesPerAnchor);
}

}  // namespace magicshield
