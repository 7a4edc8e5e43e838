// The compute backend (compute_backend.h, docs/cuda.md). In every build: choosing it (auto, cpu, cuda), the
// refusal of "cuda" where it cannot run, and the one-line notice of the fallback. Where the build has CUDA and a
// GPU can run it, the GPU path against the CPU's: model inputs and composited pixels in this process, and the
// landmarks on the real photos through the CLI (the backend is chosen per process). Without a usable GPU those
// are skipped, saying why.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compute_backend.h"
#include "i420_buffer.h"
#include "magicshield/magicshield.h"
#include "mini_json.h"
#include "model_input.h"
#include "model_setup.h"
#include "pixel_backend.h"
#include "shield_sprites.h"
#include "synthetic_hands.h"
#include "test_harness.h"

using namespace magicshield;
using mstest::GuardedI420;
using mstest::Json;
namespace fs = std::filesystem;

namespace {

const std::string kDataDir = MAGICSHIELD_TEST_DATA_DIR;
const std::string kCli = MAGICSHIELD_TEST_CLI;

void require_cuda() {
  const std::string& why = cuda_unavailable_reason();
  if (!why.empty()) SKIP("GPU path not checked: " + why);
}

void require_photos() {
  if (!fs::exists(kDataDir + "/open_palm_01.jpg")) SKIP("no hand photos in " + kDataDir);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A smooth texture: a shift of 1/32 pixel changes it by well under one level, so the GPU's bilinear taps and
// OpenCV's fixed-point ones give the same 8-bit samples but for rounding.
GuardedI420 textured_frame(int width, int height) {
  GuardedI420 f(width, height);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) f.Y(x, y) = std::lround(128 + 90 * std::sin(x / 9.0) * std::cos(y / 13.0));
  for (int y = 0; y < f.chroma_height(); ++y)
    for (int x = 0; x < f.chroma_width(); ++x) {
      f.U(x, y) = std::lround(128 + 60 * std::sin((x + y) / 7.0));
      f.V(x, y) = std::lround(128 + 60 * std::cos((x - y) / 11.0));
    }
  return f;
}

struct Command {
  int status;
  std::string output;
};

// Runs a shell command, collecting what it writes to stdout (redirect in `command` to choose the streams).
Command run(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  std::string output;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

std::string shell_quoted(const fs::path& p) { return "'" + p.string() + "'"; }

// A folder of its own under the system's temporary folder, removed with this object.
struct TempDir {
  fs::path path = fs::temp_directory_path() / ("magicshield-backend-test-" + std::to_string(getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

int count_lines_with(const std::string& text, const std::string& part) {
  std::istringstream in(text);
  int n = 0;
  for (std::string line; std::getline(in, line);) n += contains(line, part) ? 1 : 0;
  return n;
}

}  // namespace

TEST(backend_selection, unknown_names_are_refused) {
  CHECK_THROWS_WITH(Engine::set_backend("gpu"), std::invalid_argument, "auto, cpu or cuda");
  CHECK_THROWS_WITH(Engine::set_backend(""), std::invalid_argument, "auto, cpu or cuda");
}

TEST(backend_selection, cuda_is_used_or_refused_saying_why) {
  const std::string& why = cuda_unavailable_reason();
  std::printf("  CUDA here: %s\n", why.empty() ? "usable" : why.c_str());
  if (!kBuiltWithCuda) CHECK(contains(why, "built without CUDA"));
  if (why.empty()) {
    Engine::set_backend("cuda");
    CHECK_EQ(Engine::backend(), std::string("cuda"));
    CHECK(contains(Engine::describe(), "backend: cuda ("));
  } else {
    CHECK_THROWS_WITH(Engine::set_backend("cuda"), std::runtime_error, why);
  }
}

TEST(backend_selection, auto_takes_cuda_when_it_can_and_cpu_on_request) {
  const bool usable = cuda_unavailable_reason().empty();
  Engine::set_backend("auto");
  CHECK_EQ(Engine::backend(), std::string(usable ? "cuda" : "cpu"));
  Engine::set_backend("cpu");
  CHECK_EQ(Engine::backend(), std::string("cpu"));
  CHECK(contains(Engine::describe(), "backend: cpu"));
}

// Networks are made for one backend, so once models are loaded only that backend may be asked for again.
TEST(backend_selection, fixed_once_models_are_loaded) {
  Engine::set_backend("cpu");
  mstest::require_models();
  CHECK_NOTHROW(Engine::set_backend("cpu"));
  if (cuda_unavailable_reason().empty()) {
    CHECK_THROWS_WITH(Engine::set_backend("cuda"), std::logic_error, "already cpu");
    CHECK_THROWS_WITH(Engine::set_backend("auto"), std::logic_error, "already cpu");
  } else {
    CHECK_NOTHROW(Engine::set_backend("auto"));  // means the CPU here
  }
  CHECK_EQ(Engine::backend(), std::string("cpu"));
}

// The fallback is said once per process, and only by a build that has CUDA; "cuda" fails with the reason.
TEST(backend_fallback, auto_says_why_once_and_cuda_fails_with_the_reason) {
  require_photos();
  TempDir temp;
  fs::create_directories(temp.path / "photos");
  fs::copy_file(kDataDir + "/open_palm_01.jpg", temp.path / "photos" / "open_palm_01.jpg");
  const std::string landmarks = shell_quoted(kCli) + " landmarks --images " + shell_quoted(temp.path / "photos") +
                                " --out " + shell_quoted(temp.path / "out.json");
  const std::string& why = cuda_unavailable_reason();

  const Command automatic = run(landmarks + " 2>&1 >/dev/null");  // stderr only
  CHECK_EQ(automatic.status, 0);
  CHECK_EQ(count_lines_with(automatic.output, "CUDA cannot be used"), kBuiltWithCuda && !why.empty() ? 1 : 0);
  CHECK_EQ(count_lines_with(automatic.output, "magicshield"), kBuiltWithCuda && !why.empty() ? 1 : 0);

  const Command cuda = run(landmarks + " --backend cuda 2>&1 >/dev/null");
  if (why.empty()) {
    CHECK_EQ(cuda.status, 0);
  } else {
    CHECK_EQ(cuda.status, 1);
    CHECK(contains(cuda.output, "the CUDA backend cannot be used: " + why));
  }
}

TEST(cuda_model_input, letterbox_and_crops_match_the_cpu) {
  require_cuda();
  GuardedI420 in = textured_frame(333, 251);
  GuardedI420 cpu_out(333, 251), gpu_out(333, 251);
  const auto cpu = make_pixel_backend(ComputeBackend::kCpu);
  const auto gpu = make_pixel_backend(ComputeBackend::kCuda);
  struct Case {
    const char* what;
    RotatedRect roi;
    int size;
    Border border;
  };
  const Case cases[] = {
      {"letterbox", letterbox_for(333, 251).roi, 192, Border::kZero},
      {"rotated crop", {120.f, 100.f, 150.f, 150.f, 0.6f}, 224, Border::kReplicate},
      {"crop over the corner, replicated", {20.f, 240.f, 200.f, 200.f, -1.2f}, 224, Border::kReplicate},
      {"crop over the corner, zero", {320.f, 10.f, 180.f, 180.f, 2.5f}, 224, Border::kZero},
  };
  for (bool mirror : {false, true}) {
    cpu->copy(in.view(), cpu_out.image(), mirror);
    gpu->copy(in.view(), gpu_out.image(), mirror);
    for (const Case& c : cases) {
      CONTEXT(c.what << (mirror ? ", mirrored" : ""));
      const std::size_t n = static_cast<std::size_t>(3) * c.size * c.size;
      std::vector<float> expected(n), actual(n, -1.f), expected_nhwc(n), actual_nhwc(n, -1.f);
      cpu->sample_tensor(in.view(), mirror, c.roi, c.size, c.size, c.border, TensorLayout::kNchw, expected.data());
      gpu->sample_tensor(in.view(), mirror, c.roi, c.size, c.size, c.border, TensorLayout::kNchw, actual.data());
      cpu->sample_tensor(in.view(), mirror, c.roi, c.size, c.size, c.border, TensorLayout::kNhwc, expected_nhwc.data());
      gpu->sample_tensor(in.view(), mirror, c.roi, c.size, c.size, c.border, TensorLayout::kNhwc, actual_nhwc.data());
      double worst = 0, sum = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const double d = std::fabs(expected[i] - actual[i]);
        worst = std::max(worst, d);
        sum += d;
        worst = std::max(worst, static_cast<double>(std::fabs(expected_nhwc[i] - actual_nhwc[i])));
      }
      std::printf("  %s%s: worst %.4f, mean %.5f\n", c.what, mirror ? " (mirrored)" : "", worst, sum / n);
      CHECK(worst <= 0.02);  // a level or two of one plane
      CHECK(sum / n <= 0.001);
    }
    gpu->finish();
  }
}

TEST(cuda_render, copy_and_shields_match_the_cpu_within_two_levels) {
  require_cuda();
  mstest::require_sprites();
  const auto sprites = ShieldSprites::current();
  const ShieldPlacement placements[] = {
      {{160.f, 120.f}, 150.f, 33.f, 1.f},   // whole, at full size
      {{10.f, 230.f}, 200.f, -70.f, 0.6f},  // clipped at two edges, faded
      {{250.f, 60.f}, 24.f, 200.f, 1.f},    // small: a far mip level
      {{160.f, 120.f}, 700.f, 5.f, 0.8f},   // larger than the frame
  };
  for (bool mirror : {false, true}) {
    CONTEXT((mirror ? "mirrored" : "not mirrored"));
    GuardedI420 in = textured_frame(321, 243);
    GuardedI420 copy_only(321, 243), cpu_out(321, 243), gpu_out(321, 243);
    const auto cpu = make_pixel_backend(ComputeBackend::kCpu);
    const auto gpu = make_pixel_backend(ComputeBackend::kCuda);
    cpu->copy(in.view(), copy_only.image(), mirror);
    gpu->copy(in.view(), gpu_out.image(), mirror);
    gpu->finish();
    CHECK(gpu_out.same_pixels(copy_only));  // the mirrored copy is exact

    cpu->copy(in.view(), cpu_out.image(), mirror);
    gpu->copy(in.view(), gpu_out.image(), mirror);
    for (const ShieldPlacement& p : placements) {
      cpu->draw_shield(sprites, p);
      gpu->draw_shield(sprites, p);
    }
    cpu->finish();
    gpu->finish();
    CHECK_EQ(gpu_out.guard_damage(), std::string());
    int worst = 0, differing = 0, drawn = 0;
    auto compare = [&](int a, int b, int plain) {
      worst = std::max(worst, std::abs(a - b));
      differing += a != b;
      drawn += a != plain;
    };
    for (int y = 0; y < 243; ++y)
      for (int x = 0; x < 321; ++x) compare(cpu_out.Y(x, y), gpu_out.Y(x, y), copy_only.Y(x, y));
    for (int y = 0; y < cpu_out.chroma_height(); ++y)
      for (int x = 0; x < cpu_out.chroma_width(); ++x) {
        compare(cpu_out.U(x, y), gpu_out.U(x, y), copy_only.U(x, y));
        compare(cpu_out.V(x, y), gpu_out.V(x, y), copy_only.V(x, y));
      }
    std::printf("  %s: %d samples drawn, %d differ, worst by %d\n", mirror ? "mirrored" : "plain", drawn, differing,
                worst);
    CHECK(drawn > 10000);
    CHECK(worst <= 2);
  }
}

// Hand lines under a shield and the landmark overlay over it, drawn in the same order on both backends (the GPU's
// strokes are the CPU's, drawn on a host copy of its frame): the pixels differ only by the compositing's rounding.
TEST(cuda_render, lines_under_the_shield_and_overlay_over_it_match_the_cpu) {
  require_cuda();
  mstest::require_sprites();
  const auto sprites = ShieldSprites::current();
  const Landmarks hand = mstest::open_hand({150.f, 200.f}, 1.5f);
  const ShieldPlacement shield{xy(hand[kMiddleMcp]), 160.f, 20.f, 0.7f};
  GuardedI420 in = textured_frame(321, 243);
  GuardedI420 cpu_out(321, 243), gpu_out(321, 243);
  const auto cpu = make_pixel_backend(ComputeBackend::kCpu);
  const auto gpu = make_pixel_backend(ComputeBackend::kCuda);
  for (PixelBackend* pixels : {cpu.get(), gpu.get()}) {
    pixels->copy(in.view(), pixels == cpu.get() ? cpu_out.image() : gpu_out.image(), true);
    pixels->draw_hand_lines(hand);
    pixels->draw_shield(sprites, shield);
    pixels->draw_landmark_overlay(hand);
    pixels->finish();
  }
  CHECK_EQ(gpu_out.guard_damage(), std::string());
  int worst = 0;
  for (int y = 0; y < 243; ++y)
    for (int x = 0; x < 321; ++x) worst = std::max(worst, std::abs(cpu_out.Y(x, y) - gpu_out.Y(x, y)));
  for (int y = 0; y < cpu_out.chroma_height(); ++y)
    for (int x = 0; x < cpu_out.chroma_width(); ++x) {
      worst = std::max(worst, std::abs(cpu_out.U(x, y) - gpu_out.U(x, y)));
      worst = std::max(worst, std::abs(cpu_out.V(x, y) - gpu_out.V(x, y)));
    }
  std::printf("  lines, shield, overlay: worst difference %d\n", worst);
  CHECK(worst <= 2);
}

// The whole pass on the real photos, each alone: the same hands, the landmarks within 2% of the palm's size of
// the CPU's (MediaPipe's own agree with the CPU's to 0.4% at the median).
TEST(cuda_landmarks, real_photos_match_the_cpu) {
  require_cuda();
  require_photos();
  TempDir temp;
  Json runs[2];
  const char* backends[] = {"cpu", "cuda"};
  for (int i = 0; i < 2; ++i) {
    const fs::path out = temp.path / (std::string(backends[i]) + ".json");
    const Command c = run(shell_quoted(kCli) + " landmarks --images " + shell_quoted(kDataDir) + " --out " +
                          shell_quoted(out) + " --mode image --backend " + backends[i] + " 2>&1");
    REQUIRE_EQ(c.status, 0);
    std::ifstream in(out);
    std::stringstream text;
    text << in.rdbuf();
    runs[i] = Json::parse(text.str());
  }
  const Json& cpu = runs[0]["images"];
  const Json& gpu = runs[1]["images"];
  REQUIRE_EQ(cpu.array.size(), gpu.array.size());
  std::vector<double> errors;
  for (std::size_t i = 0; i < cpu.array.size(); ++i) {
    const Json& a = cpu[i];
    const Json& b = gpu[i];
    CONTEXT(a["file"].string);
    const double w = a["width"].number, h = a["height"].number;
    CHECK_EQ(a["hands"].array.size(), b["hands"].array.size());
    for (const Json& hand : a["hands"].array) {
      const Json& lm = hand["landmarks"];
      const double palm = std::hypot((lm[0][0].number - lm[9][0].number) * w, (lm[0][1].number - lm[9][1].number) * h);
      double best = -1;
      for (const Json& other : b["hands"].array) {
        double sum = 0;
        for (int k = 0; k < kNumLandmarks; ++k) {
          sum += std::hypot((lm[k][0].number - other["landmarks"][k][0].number) * w,
                            (lm[k][1].number - other["landmarks"][k][1].number) * h);
        }
        const double e = sum / kNumLandmarks / palm;
        if (best < 0 || e < best) best = e;
      }
      CHECK(best >= 0 && best <= 0.02);  // found, and in the same place
      if (best >= 0) errors.push_back(best);
    }
  }
  REQUIRE(!errors.empty());
  std::sort(errors.begin(), errors.end());
  std::printf("  %zu hands: median %.4f, worst %.4f of the palm's size\n", errors.size(), errors[errors.size() / 2],
              errors.back());
  CHECK(errors[errors.size() / 2] <= 0.005);
}
