// Inference beside the frame (the pipelined frame pass): the models look at frame N on a thread of their own while
// the caller draws frame N with the hands of frame N - 1, so a frame's video no longer waits for its own inference.
// The job works on a copy of the frame (640x480: 460 KB, about 0.05 ms), so the caller's buffers are free as soon
// as start() returns.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "hand_tracker.h"
#include "i420.h"

namespace magicshield {

// One round of the models on one frame, and what it cost.
struct Inference {
  std::vector<TrackedHand> hands;
  double palm_ms = 0.0;
  double landmark_ms = 0.0;
  bool palm_detection_ran = false;
  int landmark_calls = 0;
};

class InferenceThread {
 public:
  using Job = std::function<Inference(const I420View& frame)>;

  InferenceThread();
  ~InferenceThread();  // waits for a job in progress
  InferenceThread(const InferenceThread&) = delete;
  InferenceThread& operator=(const InferenceThread&) = delete;

  // Runs `job` on a copy of `frame`. The job started before must have been collected (std::logic_error otherwise).
  void start(const I420View& frame, Job job);
  // Waits for the job started last and returns its result, or nothing when none is outstanding; rethrows what the
  // job threw.
  std::optional<Inference> collect();

 private:
  void copy_frame(const I420View& frame);
  void loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  Job job_;
  std::vector<std::uint8_t> pixels_;
  I420View copy_{};
  std::optional<Inference> result_;
  std::exception_ptr failure_;
  bool outcome_ready_ = false;
  bool stopping_ = false;
  std::thread thread_;  // last: it starts once every member it uses exists
};

}  // namespace magicshield
