// The public API (magicshield.h) in a process where no model has been loaded: argument validation, which must
// come before anything else, and the error for a missing model. The Engine is process-wide, so this needs an
// executable of its own: nothing here may load a model successfully.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "i420_buffer.h"
#include "magicshield/magicshield.h"
#include "test_harness.h"

using namespace magicshield;
using mstest::GuardedI420;

namespace {

struct Call {
  GuardedI420 in{64, 48};
  GuardedI420 out{64, 48};
  const std::uint8_t* in_y;
  int in_sy;
  const std::uint8_t* in_u;
  int in_su;
  const std::uint8_t* in_v;
  int in_sv;
  int width = 64, height = 48;
  int out_width = 0, out_height = 0;  // 0: the input's
  std::uint8_t* out_y;
  int out_sy;
  std::uint8_t* out_u;
  int out_su;
  std::uint8_t* out_v;
  int out_sv;
  FrameResult result{};
  FrameResult* result_ptr = &result;

  Call() {
    in.fill(120, 110, 140);
    out.fill(1, 2, 3);
    in_y = in.y_plane();
    in_u = in.u_plane();
    in_v = in.v_plane();
    out_y = out.y_plane();
    out_u = out.u_plane();
    out_v = out.v_plane();
    in_sy = out_sy = in.stride_y();
    in_su = in_sv = out_su = out_sv = in.stride_c();
  }
  void run(FramePass& pass) {
    pass.process(in_y, in_sy, in_u, in_su, in_v, in_sv, width, height, out_y, out_sy, out_u, out_su, out_v, out_sv,
                 out_width ? out_width : width, out_height ? out_height : height, 1000, result_ptr);
  }
};

// Runs a call that must be rejected as invalid, and checks that the output was not touched before the throw.
template <typename Edit>
void expect_invalid(const char* what, Edit edit, const char* message_part = "") {
  CONTEXT(what);
  FramePass pass(EffectOptions{});
  Call c;
  edit(c);
  CHECK_THROWS_WITH(c.run(pass), std::invalid_argument, message_part);
  GuardedI420 untouched(64, 48);
  untouched.fill(1, 2, 3);
  CHECK(c.out.same_pixels(untouched));
}

}  // namespace

TEST(frame_pass_arguments, null_planes_and_result_are_rejected) {
  expect_invalid(
      "null result", [](Call& c) { c.result_ptr = nullptr; }, "result");
  expect_invalid(
      "null in y", [](Call& c) { c.in_y = nullptr; }, "null");
  expect_invalid(
      "null in u", [](Call& c) { c.in_u = nullptr; }, "null");
  expect_invalid(
      "null in v", [](Call& c) { c.in_v = nullptr; }, "null");
  expect_invalid(
      "null out y", [](Call& c) { c.out_y = nullptr; }, "null");
  expect_invalid(
      "null out u", [](Call& c) { c.out_u = nullptr; }, "null");
  expect_invalid(
      "null out v", [](Call& c) { c.out_v = nullptr; }, "null");
}

TEST(frame_pass_arguments, sizes_outside_2_to_8192_are_rejected) {
  // Only the size is made bad; the buffers would be too small for the big ones, so validation must come first.
  expect_invalid(
      "width 1", [](Call& c) { c.width = 1; }, "frame size");
  expect_invalid(
      "height 1", [](Call& c) { c.height = 1; }, "frame size");
  expect_invalid(
      "width 0", [](Call& c) { c.width = 0; }, "frame size");
  expect_invalid(
      "negative height", [](Call& c) { c.height = -48; }, "frame size");
  expect_invalid(
      "width 8193", [](Call& c) { c.width = 8193; }, "8192");
  expect_invalid(
      "height 100000", [](Call& c) { c.height = 100000; }, "8192");
}

TEST(frame_pass_arguments, strides_smaller_than_the_plane_width_are_rejected) {
  expect_invalid(
      "in y stride", [](Call& c) { c.in_sy = 63; }, "stride");
  expect_invalid(
      "in u stride", [](Call& c) { c.in_su = 31; }, "stride");
  expect_invalid(
      "in v stride", [](Call& c) { c.in_sv = 31; }, "stride");
  expect_invalid(
      "out y stride", [](Call& c) { c.out_sy = 63; }, "stride");
  expect_invalid(
      "out u stride", [](Call& c) { c.out_su = 31; }, "stride");
  expect_invalid(
      "out v stride", [](Call& c) { c.out_sv = 0; }, "stride");
  expect_invalid(
      "negative stride", [](Call& c) { c.in_sy = -64; }, "stride");
  // Odd width: chroma is (w + 1) / 2 = 32 wide, so a chroma stride of 31 is too small for width 63.
  expect_invalid(
      "odd width chroma stride",
      [](Call& c) {
        c.width = 63;
        c.in_su = 31;
      },
      "stride");
}

TEST(frame_pass_arguments, an_output_larger_than_the_input_or_of_another_shape_is_rejected) {
  expect_invalid(
      "wider",
      [](Call& c) {
        c.out_width = 66;
        c.out_height = 50;
      },
      "output size");
  expect_invalid(
      "taller only", [](Call& c) { c.out_height = 50; }, "output size");
  expect_invalid(
      "another shape",
      [](Call& c) {
        c.out_width = 32;
        c.out_height = 40;
      },
      "output size");
  expect_invalid(
      "width 1",
      [](Call& c) {
        c.out_width = 1;
        c.out_height = 1;
      },
      "output size");
  expect_invalid(
      "negative",
      [](Call& c) {
        c.out_width = -32;
        c.out_height = -24;
      },
      "output size");
  // a smaller picture of the input's shape needs strides for its own width only; too small ones are still refused
  expect_invalid(
      "half size, y stride too small",
      [](Call& c) {
        c.out_width = 32;
        c.out_height = 24;
        c.out_sy = 31;
      },
      "stride");
}

TEST(frame_pass_arguments, same_buffer_for_input_and_output_is_rejected) {
  expect_invalid(
      "same y", [](Call& c) { c.out_y = const_cast<std::uint8_t*>(c.in_y); }, "different");
  expect_invalid(
      "same u", [](Call& c) { c.out_u = const_cast<std::uint8_t*>(c.in_u); }, "different");
  expect_invalid(
      "same v", [](Call& c) { c.out_v = const_cast<std::uint8_t*>(c.in_v); }, "different");
  // Any input plane as any output plane: the output is written while the input is still read.
  expect_invalid(
      "input u as output y", [](Call& c) { c.out_y = const_cast<std::uint8_t*>(c.in_u); }, "different");
}

TEST(frame_pass_arguments, bad_options_are_rejected) {
  // What the core cannot work with; the ranges a user may choose are the Java side's (test_effect_options.cpp has
  // every field).
  auto bad = [](const char* what, auto edit, const char* text) {
    CONTEXT(what);
    EffectOptions o;
    edit(o);
    CHECK_THROWS_WITH(FramePass{o}, std::invalid_argument, text);
    FramePass pass(EffectOptions{});
    CHECK_THROWS_WITH(pass.set_options(o), std::invalid_argument, text);
  };
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  constexpr float kInf = std::numeric_limits<float>::infinity();
  bad(
      "max_hands 0", [](EffectOptions& o) { o.max_hands = 0; }, "max_hands");
  bad(
      "max_hands 5", [](EffectOptions& o) { o.max_hands = kMaxHands + 1; }, "max_hands");
  bad(
      "model 2", [](EffectOptions& o) { o.model = 2; }, "model");
  bad(
      "redetect NaN", [=](EffectOptions& o) { o.redetect_interval_ms = kNaN; }, "redetect_interval_ms");
  bad(
      "redetect infinite", [=](EffectOptions& o) { o.redetect_interval_ms = kInf; }, "redetect_interval_ms");
  CHECK_NOTHROW(FramePass{EffectOptions{}});
  // Values outside what the page offers but harmless to the core pass: no rules between fields either.
  EffectOptions wide;
  wide.open_threshold = 0.f;
  wide.hysteresis = 50.f;
  wide.min_detection_score = 0.f;
  wide.degrees_per_second = -kInf;
  wide.shield_scale = kNaN;
  wide.fade_ms = -1.f;
  wide.redetect_interval_ms = 1e30f;
  CHECK_NOTHROW(FramePass{wide});
}

TEST(frame_pass_no_models, missing_model_is_a_runtime_error_naming_it) {
  REQUIRE(!Engine::has_model(ModelKind::kPalmFull));
  REQUIRE(!Engine::has_model(ModelKind::kLandmarkFull));
  {
    FramePass pass(EffectOptions{});  // model 1: full
    Call c;
    CHECK_THROWS_WITH(c.run(pass), std::runtime_error, "palm_detection_full");
  }
  {
    EffectOptions lite;
    lite.model = 0;
    FramePass pass(lite);
    Call c;
    CHECK_THROWS_WITH(c.run(pass), std::runtime_error, "palm_detection_lite");
  }
}

TEST(frame_pass_no_models, unreadable_or_invalid_model_files_are_rejected_and_nothing_is_loaded) {
  CHECK_THROWS_WITH(Engine::load_model_file(ModelKind::kPalmFull, "/nonexistent/palm_detection_full.tflite"),
                    std::invalid_argument, "/nonexistent/palm_detection_full.tflite");
  const std::string not_tflite = "this is not a flatbuffer at all";
  CHECK_THROWS_WITH(Engine::load_model(ModelKind::kPalmFull, reinterpret_cast<const std::uint8_t*>(not_tflite.data()),
                                       not_tflite.size()),
                    std::invalid_argument, "TFL3");
  CHECK_THROWS(Engine::load_model(ModelKind::kPalmFull, nullptr, 10), std::invalid_argument);
  CHECK(!Engine::has_model(ModelKind::kPalmFull));
  CHECK(!Engine::has_sprites());
  CHECK(Engine::describe().find("sprites: none") != std::string::npos);
}

// Bytes with the TFLite file tag but a corrupt body must be refused, not crash the process: model bytes can come
// from outside (Engine::load_model is on the Java API).
TEST(frame_pass_corrupt_model, tagged_garbage_is_rejected_not_a_crash) {
  std::vector<std::uint8_t> bytes(4096, 0xCD);
  const char tag[] = "TFL3";
  bytes[0] = 0x1C;
  bytes[1] = bytes[2] = bytes[3] = 0;
  std::copy(tag, tag + 4, bytes.begin() + 4);
  CHECK_THROWS_WITH(Engine::load_model(ModelKind::kLandmarkLite, bytes.data(), bytes.size()), std::invalid_argument,
                    "hand_landmark_lite");
  CHECK(!Engine::has_model(ModelKind::kLandmarkLite));
}

TEST(frame_pass_no_models, bad_sprites_are_rejected_and_none_are_installed) {
  const std::string junk = "not a png";
  const auto* p = reinterpret_cast<const std::uint8_t*>(junk.data());
  CHECK_THROWS(Engine::load_sprites(p, junk.size(), p, junk.size()), std::invalid_argument);
  CHECK_THROWS(Engine::load_sprite_files("/nonexistent/a.png", "/nonexistent/b.png"), std::invalid_argument);
  CHECK(!Engine::has_sprites());
}

TEST(frame_pass_no_models, engine_settings_are_validated) {
  CHECK_THROWS(Engine::set_max_networks_per_model(0), std::invalid_argument);
  CHECK_THROWS(Engine::set_inference_threads(-1), std::invalid_argument);
  CHECK_NOTHROW(Engine::set_max_networks_per_model(2));
  CHECK(Engine::describe().find("networks per model: 2") != std::string::npos);
  CHECK_NOTHROW(Engine::set_inference_threads(0));
}

TEST(frame_pass_no_models, background_image_arguments_are_checked) {
  FramePass pass(EffectOptions{});
  std::vector<std::uint8_t> pixels(3 * 64 * 48, 200);
  CHECK_THROWS_WITH(pass.set_background_image(nullptr, 64, 48, 3 * 64), std::invalid_argument, "no pixels");
  CHECK_THROWS_WITH(pass.set_background_image(pixels.data(), 15, 48, 3 * 64), std::invalid_argument, "outside 16");
  CHECK_THROWS_WITH(pass.set_background_image(pixels.data(), 64, kMaxFrameSide + 1, 3 * 64), std::invalid_argument,
                    "outside 16");
  CHECK_THROWS_WITH(pass.set_background_image(pixels.data(), 64, 48, 3 * 64 - 1), std::invalid_argument, "stride");
  CHECK_NOTHROW(pass.set_background_image(pixels.data(), 64, 48, 3 * 64));
}
