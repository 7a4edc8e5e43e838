#include "model_store.h"

#include "channel_scale_layer.h"
#include "compute_backend.h"
#include "depthwise_conv_layer.h"
#include "transpose_conv_bias_layer.h"

#include <algorithm>
#include <stdexcept>
#include <thread>

namespace magicshield {

class NetPool {
 public:
  NetPool(ModelKind kind, std::vector<std::uint8_t> bytes) : kind_(kind), bytes_(std::move(bytes)) {}

  std::unique_ptr<cv::dnn::Net> make_net() const {
    const bool cuda = backend_for_networks() == ComputeBackend::kCuda;
    // Our layers are CPU code: under the CUDA backend they would pull each of their layers back to the CPU, and
    // OpenCV's CUDA deconvolution computes the segmentation models' last op the same way (same output size).
    if (!cuda) {
      register_fast_layers();
      register_transpose_conv_bias_layer();
      register_channel_scale_layer();
    }
    try {
      auto net = std::make_unique<cv::dnn::Net>(
          cv::dnn::readNetFromTFLite(reinterpret_cast<const char*>(bytes_.data()), bytes_.size()));
      if (net->empty()) throw std::invalid_argument("no layers");
      // FP32 on the GPU too, so its landmarks agree with the CPU's.
      net->setPreferableBackend(cuda ? cv::dnn::DNN_BACKEND_CUDA : cv::dnn::DNN_BACKEND_OPENCV);
      net->setPreferableTarget(cuda ? cv::dnn::DNN_TARGET_CUDA : cv::dnn::DNN_TARGET_CPU);
      return net;
    } catch (const std::exception& e) {
      throw std::invalid_argument(std::string("model ") + model_name(kind_) +
                                  " is not a usable TFLite model: " + e.what());
    }
  }

  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

  std::unique_ptr<cv::dnn::Net> take(int max_networks) {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      if (!idle_.empty()) {
        auto net = std::move(idle_.back());
        idle_.pop_back();
        return net;
      }
      if (created_ < max_networks) {
        ++created_;
        lock.unlock();
        try {
          return make_net();
        } catch (...) {
          lock.lock();
          --created_;
          throw;
        }
      }
      returned_.wait(lock);
    }
  }

  void give_back(std::unique_ptr<cv::dnn::Net> net) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      idle_.push_back(std::move(net));
    }
    returned_.notify_one();
  }

  // The network made while checking the bytes is the pool's first one.
  void adopt(std::unique_ptr<cv::dnn::Net> net) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++created_;
    idle_.push_back(std::move(net));
  }

 private:
  ModelKind kind_;
  std::vector<std::uint8_t> bytes_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<cv::dnn::Net>> idle_;
  int created_ = 0;
};

const char* model_name(ModelKind kind) {
  switch (kind) {
    case ModelKind::kPalmFull: return "palm_detection_full";
    case ModelKind::kPalmLite: return "palm_detection_lite";
    case ModelKind::kLandmarkFull: return "hand_landmark_full";
    case ModelKind::kLandmarkLite: return "hand_landmark_lite";
    case ModelKind::kSegmentationGeneral: return "selfie_segmentation";
    case ModelKind::kSegmentationLandscape: return "selfie_segmentation_landscape";
  }
  return "unknown";
}

NetLease::NetLease(std::shared_ptr<NetPool> pool, std::unique_ptr<cv::dnn::Net> net)
    : pool_(std::move(pool)), net_(std::move(net)) {}

NetLease::~NetLease() {
  if (pool_ && net_) pool_->give_back(std::move(net_));
}

std::vector<cv::Mat> NetLease::forward(const float* nchw, int size, const std::vector<std::string>& names) {
  return forward(nchw, size, size, names);
}

std::vector<cv::Mat> NetLease::forward(const float* nchw, int width, int height,
                                       const std::vector<std::string>& names) {
  const int shape[] = {1, 3, height, width};
  // The blob wraps the caller's tensor: no copy on the way in.
  const cv::Mat blob(4, shape, CV_32F, const_cast<float*>(nchw));
  net_->setInput(blob);
  std::vector<cv::Mat> outputs;
  net_->forward(outputs, names.empty() ? net_->getUnconnectedOutLayersNames() : names);
  return outputs;
}

ModelStore::ModelStore() : max_networks_(std::max(1u, std::thread::hardware_concurrency())) {}

ModelStore& ModelStore::instance() {
  static ModelStore store;
  return store;
}

void ModelStore::load(ModelKind kind, std::vector<std::uint8_t> bytes) {
  const int index = static_cast<int>(kind);
  if (index < 0 || index >= kModelKinds) throw std::invalid_argument("unknown model kind " + std::to_string(index));
  if (bytes.size() < 8 || std::string(reinterpret_cast<const char*>(bytes.data()) + 4, 4) != "TFL3") {
    throw std::invalid_argument(std::string("model ") + model_name(kind) + " is not a TFLite flatbuffer (no TFL3 tag)");
  }
  auto pool = std::make_shared<NetPool>(kind, std::move(bytes));
  pool->adopt(pool->make_net());
  std::lock_guard<std::mutex> lock(mutex_);
  pools_[index] = std::move(pool);
}

bool ModelStore::has(ModelKind kind) const {
  const int index = static_cast<int>(kind);
  if (index < 0 || index >= kModelKinds) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  return pools_[index] != nullptr;
}

std::vector<std::uint8_t> ModelStore::bytes(ModelKind kind) const {
  const int index = static_cast<int>(kind);
  std::lock_guard<std::mutex> lock(mutex_);
  if (index < 0 || index >= kModelKinds || !pools_[index]) {
    throw std::runtime_error(std::string("model ") + model_name(kind) + " is not loaded");
  }
  return pools_[index]->bytes();
}

NetLease ModelStore::lease(ModelKind kind) {
  std::shared_ptr<NetPool> pool;
  int cap;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pool = pools_[static_cast<int>(kind)];
    cap = max_networks_;
  }
  if (!pool) throw std::runtime_error(std::string("model ") + model_name(kind) + " is not loaded");
  auto net = pool->take(cap);
  return NetLease(std::move(pool), std::move(net));
}

void ModelStore::set_max_networks(int count) {
  if (count < 1) throw std::invalid_argument("networks per model must be at least 1");
  std::lock_guard<std::mutex> lock(mutex_);
  max_networks_ = count;
}

int ModelStore::max_networks() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return max_networks_;
}

}  // namespace magicshield
