#include "inference_thread.h"

#include <stdexcept>
#include <utility>

namespace magicshield {

InferenceThread::InferenceThread() : thread_([this] { loop(); }) {}

InferenceThread::~InferenceThread() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return !job_; });
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void InferenceThread::start(const I420View& frame, Job job) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (job_ || outcome_ready_) throw std::logic_error("inference started before the last one was collected");
  copy_frame(frame);
  job_ = std::move(job);
  lock.unlock();
  wake_.notify_all();
}

std::optional<Inference> InferenceThread::collect() {
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return !job_; });
  if (!outcome_ready_) return std::nullopt;
  outcome_ready_ = false;
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
  return std::exchange(result_, std::nullopt);
}

void InferenceThread::copy_frame(const I420View& frame) {
  const int cw = frame.chroma_width();
  const std::size_t luma = static_cast<std::size_t>(frame.width) * frame.height;
  const std::size_t chroma = static_cast<std::size_t>(cw) * frame.chroma_height();
  pixels_.resize(luma + 2 * chroma);
  std::uint8_t* y = pixels_.data();
  std::uint8_t* u = y + luma;
  std::uint8_t* v = u + chroma;
  copy_i420(frame, {y, frame.width, u, cw, v, cw, frame.width, frame.height}, false);
  copy_ = {y, frame.width, u, cw, v, cw, frame.width, frame.height};
}

void InferenceThread::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || job_; });
    if (stopping_) return;
    // Nobody else touches the copy or the job until collect() sees the job end.
    lock.unlock();
    std::optional<Inference> result;
    std::exception_ptr failure;
    try {
      result = job_(copy_);
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    result_ = std::move(result);
    failure_ = failure;
    outcome_ready_ = true;
    job_ = nullptr;
    done_.notify_all();
  }
}

}  // namespace magicshield
