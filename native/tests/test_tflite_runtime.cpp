// The hand models on TFLite's XNNPACK delegate (core/tflite_runtime, through the C API of the bytedeco TFLite
// library that Maven unpacks) against our OpenCV DNN networks, on the frame pass's own inputs of a real photo.
// Skipped, loudly, without the library or the photos.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <malloc.h>

#include <opencv2/imgcodecs.hpp>

#include "i420_buffer.h"
#include "landmark_probe.h"
#include "magicshield/magicshield.h"
#include "model_input.h"
#include "model_setup.h"
#include "network_probe.h"
#include "photo_i420.h"
#include "test_harness.h"
#include "tflite_runtime.h"

using namespace magicshield;

namespace {

const std::string kLibrary = MAGICSHIELD_TEST_TFLITE_LIBRARY;
const std::string kDataDir = MAGICSHIELD_TEST_DATA_DIR;

std::shared_ptr<const TfliteRuntime> runtime() {
  if (kLibrary.empty() || !std::filesystem::exists(kLibrary)) {
    SKIP_WITHOUT_BUILD_ASSET("no TFLite library at '" + kLibrary +
                             "' (build with Maven, or set MAGICSHIELD_TFLITE_LIBRARY)");
  }
  static const std::shared_ptr<const TfliteRuntime> loaded = TfliteRuntime::load(kLibrary);
  return loaded;
}

std::vector<std::uint8_t> model_bytes(const char* name) {
  std::ifstream in(mstest::model_path(name), std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

mstest::GuardedI420 photo(const char* name) {
  const std::string path = kDataDir + "/" + name;
  if (!std::filesystem::exists(path)) SKIP("no hand photos in " + kDataDir);
  const cv::Mat bgr = cv::imread(path, cv::IMREAD_COLOR);
  REQUIRE(!bgr.empty());
  return mstest::to_i420(bgr);
}

// The network on a tensor in planes (our probes' and OpenCV DNN's layout), interleaved into its input as TFLite holds
// it.
void run_nchw(TfliteNetwork& network, const float* nchw, int width, int height) {
  nchw_to_nhwc(nchw, width * height, network.input(width, height));
  network.invoke();
}

float max_abs_diff(const float* a, const float* b, std::size_t n) {
  float worst = 0.f;
  for (std::size_t i = 0; i < n; ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
  return worst;
}

}  // namespace

TEST(tflite_runtime, palm_models_agree_with_opencv_dnn) {
  mstest::require_models();
  const auto tflite = runtime();
  mstest::GuardedI420 in = photo("open_palm_03.jpg");
  for (int kind : {0, 1}) {
    NetworkProbe ours(kind);
    CONTEXT("palm model " << kind);
    std::vector<float> tensor(3 * 192 * 192), expected(static_cast<std::size_t>(ours.output_count()));
    ours.letterbox(in.y_plane(), in.stride_y(), in.u_plane(), in.stride_c(), in.v_plane(), in.stride_c(), in.width(),
                   in.height(), tensor.data());
    ours.run(tensor.data(), expected.data());
    const std::size_t anchors = expected.size() / 19;
    for (int threads : {1, 2}) {
      TfliteNetwork network(
          tflite, model_bytes(kind == 0 ? "palm_detection_full.tflite" : "palm_detection_lite.tflite"), threads);
      run_nchw(network, tensor.data(), 192, 192);
      std::size_t boxes = 0, scores = 0;
      const float* regressors = network.output(0, &boxes);
      const float* logits = network.output(1, &scores);
      REQUIRE_EQ(boxes, anchors * 18);
      REQUIRE_EQ(scores, anchors);
      // Boxes in 192 px input pixels, logits: float arithmetic in another order moves them by ~1e-4.
      const float box_diff = max_abs_diff(regressors, expected.data(), boxes);
      const float logit_diff = max_abs_diff(logits, expected.data() + boxes, scores);
      std::printf("[tflite] palm model %d, %d threads: box diff %.2g px, logit diff %.2g\n", kind, threads, box_diff,
                  logit_diff);
      CHECK(box_diff <= 1e-2f);
      CHECK(logit_diff <= 1e-2f);
      // The photo's palm is found: its best logit is a confident one.
      CHECK(*std::max_element(logits, logits + scores) > 2.f);
    }
  }
}

TEST(tflite_runtime, landmark_models_agree_with_opencv_dnn) {
  mstest::require_models();
  const auto tflite = runtime();
  mstest::GuardedI420 in = photo("open_palm_03.jpg");
  for (int complexity : {1, 0}) {
    CONTEXT("landmark model complexity " << complexity);
    LandmarkProbe probe(complexity);
    REQUIRE_EQ(probe.detect(in.y_plane(), in.stride_y(), in.u_plane(), in.stride_c(), in.v_plane(), in.stride_c(),
                            in.width(), in.height()),
               1);
    std::vector<float> crop(kLandmarkCropValues), expected(kLandmarkProbeOutputs);
    probe.crop(0, crop.data());
    probe.infer(crop.data(), expected.data());
    for (int threads : {1, 2}) {
      TfliteNetwork network(
          tflite, model_bytes(complexity == 1 ? "hand_landmark_full.tflite" : "hand_landmark_lite.tflite"), threads);
      run_nchw(network, crop.data(), kLandmarkCropSize, kLandmarkCropSize);
      std::size_t n = 0;
      const float* landmarks = network.output(0, &n);
      REQUIRE_EQ(n, std::size_t{63});
      const float presence = *network.output(1, &n);
      const float handedness = *network.output(2, &n);
      const float point_diff = max_abs_diff(landmarks, expected.data(), 63);
      std::printf("[tflite] landmark model %d, %d threads: landmark diff %.2g px (224 px scale)\n", complexity, threads,
                  point_diff);
      // The bar for a new engine against TFLite: 0.001 px at 224 scale. Ours (OpenCV DNN) agrees to ~3e-4.
      CHECK(point_diff <= 1e-3f);
      CHECK_NEAR(presence, expected[63], 1e-3f);
      CHECK_NEAR(handedness, expected[64], 1e-3f);
      CHECK(presence > 0.9f);
    }
  }
}

TEST(tflite_runtime, bad_inputs_give_clear_errors) {
  mstest::require_models();
  const auto tflite = runtime();
  CHECK_THROWS_WITH(TfliteRuntime::load("/nonexistent/libjnitensorflowlite.so"), std::runtime_error, "cannot load");
  CHECK_THROWS_WITH(TfliteRuntime::load("libm.so.6"), std::runtime_error, "does not export TfLiteModelCreate");
  const std::vector<std::uint8_t> garbage(4096, 0x5a);
  CHECK_THROWS(TfliteNetwork(tflite, garbage, 1), std::invalid_argument);
  CHECK_THROWS_WITH(TfliteNetwork(tflite, model_bytes("palm_detection_lite.tflite"), 0), std::invalid_argument,
                    "threads");
  TfliteNetwork palm(tflite, model_bytes("palm_detection_lite.tflite"), 1);
  std::vector<float> tensor(3 * 224 * 224, 0.5f);
  CHECK_THROWS_WITH(palm.input(224, 224), std::invalid_argument, "1x224x224x3");
  CHECK_THROWS_WITH(palm.input(0, 192), std::invalid_argument, "1x192x0x3");
  std::size_t n = 0;
  CHECK_THROWS(palm.output(2, &n), std::out_of_range);
  CHECK_THROWS(palm.output(-1, &n), std::out_of_range);
  run_nchw(palm, tensor.data(), 192, 192);  // still usable after the refusals
  CHECK(palm.output(1, &n) != nullptr && n == 2016);
}

// The frame pass on TFLite (the CLI's --tflite-library) against the default engine, each photo alone: the same hands,
// landmarks within 0.1% of the hand's palm size (|wrist - middle MCP|). The networks agree to 5e-5 px on one crop;
// through palm detection, the ROI and the crop the frames differ more (up to 0.024 px, 0.013% of the palm, measured),
// against MediaPipe's own 0.4% median error, so a wiring mistake (a swapped output, NHWC order, handedness) still
// shows at once.
TEST(tflite_runtime, frame_pass_on_tflite_agrees_with_opencv_dnn) {
  mstest::require_models();
  const auto tflite = runtime();
  auto run = [](mstest::GuardedI420& in, int complexity) {
    EffectOptions o;
    o.tracking = false;
    o.smoothing = false;
    o.fade_ms = 0.f;
    o.model = complexity;
    FramePass pass(o);
    mstest::GuardedI420 out(in.width(), in.height());
    FrameResult r{};
    pass.process(in.y_plane(), in.stride_y(), in.u_plane(), in.stride_c(), in.v_plane(), in.stride_c(), in.width(),
                 in.height(), out.y_plane(), out.stride_y(), out.u_plane(), out.stride_c(), out.v_plane(),
                 out.stride_c(), out.width(), out.height(), 0, &r);
    return r;
  };
  int hands = 0;
  for (const char* name : {"open_palm_01.jpg", "open_palm_03.jpg", "two_hands_02.jpg", "four_fingers_01.jpg",
                           "fist_01.jpg", "no_hand_01.jpg"}) {
    mstest::GuardedI420 in = photo(name);
    for (int complexity : {1, 0}) {
      CONTEXT(name << ", complexity " << complexity);
      use_tflite_engine(nullptr, 1);
      const FrameResult expected = run(in, complexity);
      use_tflite_engine(tflite, 1);
      const FrameResult actual = run(in, complexity);
      use_tflite_engine(nullptr, 1);
      REQUIRE_EQ(actual.hand_count, expected.hand_count);
      for (int h = 0; h < actual.hand_count; ++h) {
        ++hands;
        const float* e = expected.hands[h].landmarks;
        const float palm = std::hypot(e[0] - e[27], e[1] - e[28]);
        float worst = 0.f;
        for (int i = 0; i < kNumLandmarks; ++i) {
          worst = std::max(worst, std::hypot(actual.hands[h].landmarks[3 * i] - e[3 * i],
                                             actual.hands[h].landmarks[3 * i + 1] - e[3 * i + 1]));
        }
        std::printf("[tflite] %s, complexity %d, hand %d: landmark diff %.2g px, %.2g%% of the palm\n", name,
                    complexity, h, worst, 100.0 * worst / palm);
        CHECK(worst <= 1e-3f * palm);
        CHECK_NEAR(actual.hands[h].presence, expected.hands[h].presence, 1e-3f);
        CHECK_EQ(actual.hands[h].right_handed, expected.hands[h].right_handed);
        CHECK_NEAR(actual.hands[h].handedness_score, expected.hands[h].handedness_score, 1e-3f);
      }
    }
  }
  CHECK(hands >= 8);  // open palms, two hands, four fingers, a fist; both models: the comparison is on real hands
}

// The sessions' interpreters are shared: an idle one is reused, at most `networks per model` exist for a model, and a
// session that finds them all busy waits for one, while the other models' interpreters stay free.
TEST(tflite_runtime, sessions_share_at_most_networks_per_model_interpreters) {
  mstest::require_models();
  TfliteNetworks networks(runtime(), 1);
  Engine::set_max_networks_per_model(1);
  const TfliteNetwork* first = nullptr;
  {
    const TfliteNetworks::Lease lease = networks.take(ModelKind::kPalmLite);
    first = lease.operator->();
  }
  {
    const TfliteNetworks::Lease lease = networks.take(ModelKind::kPalmLite);
    CHECK(lease.operator->() == first);
  }
  std::optional<TfliteNetworks::Lease> held(networks.take(ModelKind::kPalmLite));
  std::atomic<bool> taken{false};
  std::thread waiter([&] {
    const TfliteNetworks::Lease lease = networks.take(ModelKind::kPalmLite);
    taken = true;
  });
  {
    const TfliteNetworks::Lease other = networks.take(ModelKind::kLandmarkLite);  // another model: no wait
    std::vector<float> tensor(3 * 224 * 224, 0.5f);
    run_nchw(*other.operator->(), tensor.data(), 224, 224);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(!taken);
  held.reset();
  waiter.join();
  CHECK(taken);
  // A model that is not loaded: a clear error, and the pool still gives what it has.
  CHECK_THROWS_WITH(networks.take(ModelKind::kSegmentationGeneral), std::runtime_error, "not loaded");
  CHECK(networks.take(ModelKind::kPalmLite).operator->() == first);
  Engine::set_max_networks_per_model(2);
}

namespace {

// What an interpreter allocates: the heap in use (malloc's own mappings included), and the resident set, which also
// counts XNNPACK's weights cache (its own mapping) but not memory the heap reuses.
struct Memory {
  double heap_mib;
  double resident_mib;
};
Memory memory_now() {
  const struct mallinfo2 heap = mallinfo2();
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  constexpr double kMib = 1024.0 * 1024.0;
  return {static_cast<double>(heap.uordblks + heap.hblkhd) / kMib, static_cast<double>(resident) * 4096.0 / kMib};
}

}  // namespace

// The interpreters of one model share its flatbuffer and XNNPACK's packed weights (the pool's way), and compute what
// an interpreter of its own computes, bit for bit: the second and third share a cache the first filled and finalized.
// Prints the memory each interpreter after the first adds, on its own and sharing.
TEST(tflite_runtime, interpreters_of_a_model_share_its_packed_weights) {
  mstest::require_models();
  const auto tflite = runtime();
  struct Model {
    const char* file;
    int size_x, size_y;
  };
  for (const Model& m : {Model{"hand_landmark_full.tflite", 224, 224}, Model{"palm_detection_full.tflite", 192, 192},
                         Model{"selfie_segmentation_landscape.tflite", 256, 144}}) {
    CONTEXT(m.file);
    std::vector<float> tensor(static_cast<std::size_t>(3) * m.size_x * m.size_y);
    for (std::size_t i = 0; i < tensor.size(); ++i) tensor[i] = static_cast<float>((i * 7919) % 256) / 255.f;
    constexpr int kInterpreters = 3;
    // The memory the 2nd and 3rd interpreters add, per interpreter.
    auto build = [&](auto make, std::vector<std::unique_ptr<TfliteNetwork>>& networks) {
      Memory before{};
      for (int i = 0; i < kInterpreters; ++i) {
        if (i == 1) before = memory_now();
        networks.push_back(make());
        run_nchw(*networks.back(), tensor.data(), m.size_x, m.size_y);
      }
      const Memory after = memory_now();
      return Memory{(after.heap_mib - before.heap_mib) / (kInterpreters - 1),
                    (after.resident_mib - before.resident_mib) / (kInterpreters - 1)};
    };
    std::vector<std::unique_ptr<TfliteNetwork>> own, shared;
    const Memory own_each = build([&] { return std::make_unique<TfliteNetwork>(tflite, model_bytes(m.file), 1); }, own);
    const auto model = std::make_shared<TfliteModel>(tflite, model_bytes(m.file));
    const auto weights = std::make_shared<XnnpackWeights>(tflite);
    const Memory shared_each = build([&] { return std::make_unique<TfliteNetwork>(model, 1, weights); }, shared);
    std::printf(
        "[tflite] %s: each interpreter after the first adds %.2f MiB of heap (%.2f MiB resident) on its own, "
        "%.2f MiB (%.2f MiB) sharing the model and its packed weights\n",
        m.file, own_each.heap_mib, own_each.resident_mib, shared_each.heap_mib, shared_each.resident_mib);
    std::size_t expected_count = 0, count = 0;
    const float* expected = own.front()->output(0, &expected_count);
    for (const auto& network : shared) {
      const float* actual = network->output(0, &count);
      REQUIRE_EQ(count, expected_count);
      CHECK_EQ(max_abs_diff(actual, expected, count), 0.f);
    }
    // The weights are packed once, not per interpreter: the model's bytes and its packed weights are what an
    // interpreter of its own adds beyond its tensors, and the landmark model's are 5.5 MB.
    if (std::string(m.file) == "hand_landmark_full.tflite") CHECK(shared_each.heap_mib < own_each.heap_mib - 5.0);
  }
}
