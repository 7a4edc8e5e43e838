// The pipelined frame pass's background inference (inference_thread.h), with stand-in jobs: it works on its own
// copy of the frame, hands back each result once, passes a job's failure on, and waits for a job before it ends.
#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "i420_buffer.h"
#include "inference_thread.h"
#include "test_harness.h"

using namespace magicshield;
using mstest::GuardedI420;

namespace {

// A job whose result says what it saw: the luma and chroma of two pixels, in the timing fields.
Inference describe(const I420View& frame) {
  Inference seen;
  seen.palm_ms =
      frame.y[0] + 1000.0 * frame.y[static_cast<std::size_t>(frame.height - 1) * frame.stride_y + frame.width - 1];
  seen.landmark_ms = frame.u[0] + 1000.0 * frame.v[0];
  return seen;
}

}  // namespace

TEST(inference_thread, the_job_sees_the_frame_as_it_was_at_start) {
  GuardedI420 frame(37, 21);  // odd sizes and padded strides: the copy is tight
  frame.fill(10, 20, 30);
  frame.Y(36, 20) = 40;
  InferenceThread<Inference> thread;
  CHECK(!thread.collect().has_value());  // nothing started
  std::promise<void> overwritten;
  std::shared_future<void> released = overwritten.get_future().share();
  thread.start(frame.view(), [released](const I420View& copy) {
    released.wait();  // reads only after the caller wrote over its frame
    return describe(copy);
  });
  frame.fill(99, 99, 99);
  overwritten.set_value();
  const std::optional<Inference> done = thread.collect();
  REQUIRE(done.has_value());
  CHECK_EQ(done->palm_ms, 10.0 + 40000.0);
  CHECK_EQ(done->landmark_ms, 20.0 + 30000.0);
  CHECK(!thread.collect().has_value());  // each result is handed back once
  CHECK_EQ(frame.guard_damage(), std::string());
}

TEST(inference_thread, a_second_start_before_collecting_is_refused) {
  GuardedI420 frame(8, 8);
  frame.fill(1, 2, 3);
  InferenceThread<Inference> thread;
  thread.start(frame.view(), describe);
  CHECK_THROWS(thread.start(frame.view(), describe), std::logic_error);
  CHECK(thread.collect().has_value());
  CHECK_NOTHROW(thread.start(frame.view(), describe));  // collected: free again
  CHECK(thread.collect().has_value());
}

TEST(inference_thread, a_failed_job_is_reported_by_collect_and_the_thread_goes_on) {
  GuardedI420 frame(8, 8);
  frame.fill(5, 6, 7);
  InferenceThread<Inference> thread;
  thread.start(frame.view(), [](const I420View&) -> Inference { throw std::runtime_error("model broke"); });
  CHECK_THROWS_WITH(thread.collect(), std::runtime_error, "model broke");
  CHECK(!thread.collect().has_value());  // the failure is reported once
  thread.start(frame.view(), describe);
  const std::optional<Inference> done = thread.collect();
  REQUIRE(done.has_value());
  CHECK_EQ(done->palm_ms, 5.0 + 5000.0);
}

TEST(inference_thread, ending_waits_for_the_job_in_progress) {
  GuardedI420 frame(8, 8);
  frame.fill(1, 1, 1);
  std::atomic<bool> finished{false};
  {
    InferenceThread<Inference> thread;
    thread.start(frame.view(), [&finished](const I420View& copy) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      finished = true;
      return describe(copy);
    });
  }  // never collected
  CHECK(finished.load());
}
