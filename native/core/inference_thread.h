// Inference beside the frame (the pipelined frame pass): the models look at frame N on a thread of their own while
// the caller draws frame N with what they found in frame N - 1, so a frame's video no longer waits for its own
// inference. The job works on a copy of the frame (640x480: 460 KB, about 0.05 ms), so the caller's buffers are free
// as soon as start() returns. One thread per kind of result: the hand models' (Inference) and the person
// segmentation's.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "hand_tracker.h"
#include "i420.h"

namespace magicshield {

// One round of the hand models on one frame, and what it cost.
struct Inference {
  std::vector<TrackedHand> hands;
  double palm_ms = 0.0;
  double landmark_ms = 0.0;
  bool palm_detection_ran = false;
  int landmark_calls = 0;
};

// The frame copy the jobs read: tight planes, copied from the caller's.
class FrameCopy {
 public:
  void assign(const I420View& frame);
  const I420View& view() const { return view_; }

 private:
  std::vector<std::uint8_t> pixels_;
  I420View view_{};
};

template <class Result = Inference>
class InferenceThread {
 public:
  using Job = std::function<Result(const I420View& frame)>;

  InferenceThread() : thread_([this] { loop(); }) {}
  // Waits for a job in progress.
  ~InferenceThread() {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      done_.wait(lock, [this] { return !job_; });
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  InferenceThread(const InferenceThread&) = delete;
  InferenceThread& operator=(const InferenceThread&) = delete;

  // Runs `job` on a copy of `frame`. The job started before must have been collected (std::logic_error otherwise).
  void start(const I420View& frame, Job job) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (job_ || outcome_ready_) throw std::logic_error("inference started before the last one was collected");
    copy_.assign(frame);
    job_ = std::move(job);
    lock.unlock();
    wake_.notify_all();
  }

  // Waits for the job started last and returns its result, or nothing when none is outstanding; rethrows what the
  // job threw.
  std::optional<Result> collect() {
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return !job_; });
    return take(lock);
  }

  // collect() without the wait: nothing while the job still runs.
  std::optional<Result> collect_if_done() {
    std::unique_lock<std::mutex> lock(mutex_);
    return job_ ? std::nullopt : take(lock);
  }

  // Whether a job started and was not collected yet (running or done).
  bool outstanding() {
    std::lock_guard<std::mutex> lock(mutex_);
    return job_ || outcome_ready_;
  }

 private:
  std::optional<Result> take(std::unique_lock<std::mutex>&) {
    if (!outcome_ready_) return std::nullopt;
    outcome_ready_ = false;
    if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
    return std::exchange(result_, std::nullopt);
  }

  void loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return stopping_ || job_; });
      if (stopping_) return;
      // Nobody else touches the copy or the job until collect() sees the job end.
      lock.unlock();
      std::optional<Result> result;
      std::exception_ptr failure;
      try {
        result = job_(copy_.view());
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

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  Job job_;
  FrameCopy copy_;
  std::optional<Result> result_;
  std::exception_ptr failure_;
  bool outcome_ready_ = false;
  bool stopping_ = false;
  std::thread thread_;  // last: it starts once every member it uses exists
};

}  // namespace magicshield
