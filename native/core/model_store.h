// Process-wide model store. The .tflite bytes of each model are loaded once per process; OpenCV networks are
// made from them on demand and kept in a small pool per model, lent to one inference at a time (a cv::dnn::Net
// must not run two forwards at once). The pool's size caps how many inferences of a model run in parallel,
// which on a small machine is better than every session fighting for the cores.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <opencv2/dnn.hpp>

#include "magicshield/magicshield.h"

namespace magicshield {

const char* model_name(ModelKind kind);
inline ModelKind palm_model(int complexity) { return complexity == 1 ? ModelKind::kPalmFull : ModelKind::kPalmLite; }
inline ModelKind landmark_model(int complexity) {
  return complexity == 1 ? ModelKind::kLandmarkFull : ModelKind::kLandmarkLite;
}

class NetPool;

// A network borrowed from the pool for the duration of one or more forwards.
class NetLease {
 public:
  NetLease(std::shared_ptr<NetPool> pool, std::unique_ptr<cv::dnn::Net> net);
  ~NetLease();
  NetLease(NetLease&&) noexcept = default;
  NetLease(const NetLease&) = delete;
  NetLease& operator=(const NetLease&) = delete;
  NetLease& operator=(NetLease&&) = delete;

  // Runs the model on a 1x3xSxS RGB tensor; returns the outputs named (all of them when `names` is empty).
  std::vector<cv::Mat> forward(const float* nchw, int size, const std::vector<std::string>& names = {});
  // The same on a 1x3xHxW tensor.
  std::vector<cv::Mat> forward(const float* nchw, int width, int height, const std::vector<std::string>& names = {});
  cv::dnn::Net& net() { return *net_; }

 private:
  std::shared_ptr<NetPool> pool_;
  std::unique_ptr<cv::dnn::Net> net_;
};

class ModelStore {
 public:
  static ModelStore& instance();

  // Checks that the bytes make a network (throws std::invalid_argument if not) and keeps them.
  void load(ModelKind kind, std::vector<std::uint8_t> bytes);
  bool has(ModelKind kind) const;
  // A copy of the model's .tflite bytes, for another runtime (throws std::runtime_error when not loaded).
  std::vector<std::uint8_t> bytes(ModelKind kind) const;
  // Blocks while the model's pool is at its cap and all its networks are lent out.
  NetLease lease(ModelKind kind);
  void set_max_networks(int count);
  int max_networks() const;

 private:
  ModelStore();
  mutable std::mutex mutex_;
  std::shared_ptr<NetPool> pools_[kModelKinds];
  int max_networks_;
};

}  // namespace magicshield
