// The frame pass (magicshield.h FramePass) with MediaPipe's real models on frames without hands: no hands found,
// and the output is exactly the input, mirrored or not, whatever the size and strides; nothing is written
// outside the output planes and the input is left alone.
#include <string>

#include "i420_buffer.h"
#include "magicshield/magicshield.h"
#include "model_setup.h"
#include "test_harness.h"

using namespace magicshield;
using mstest::GuardedI420;

namespace {

// A hand-free but asymmetric picture (a mirrored copy differs from it): smooth ramps in all three planes.
void paint_ramps(GuardedI420& f) {
  for (int y = 0; y < f.height(); ++y)
    for (int x = 0; x < f.width(); ++x)
      f.Y(x, y) = static_cast<std::uint8_t>(40 + (150 * x) / f.width() + (30 * y) / f.height());
  for (int y = 0; y < f.chroma_height(); ++y)
    for (int x = 0; x < f.chroma_width(); ++x) {
      f.U(x, y) = static_cast<std::uint8_t>(100 + (40 * x) / f.chroma_width());
      f.V(x, y) = static_cast<std::uint8_t>(150 - (30 * y) / f.chroma_height() - (10 * x) / f.chroma_width());
    }
}

FrameResult run(FramePass& pass, GuardedI420& in, GuardedI420& out, std::int64_t ts) {
  FrameResult r{};
  pass.process(in.y_plane(), in.stride_y(), in.u_plane(), in.stride_c(), in.v_plane(), in.stride_c(), in.width(),
               in.height(), out.y_plane(), out.stride_y(), out.u_plane(), out.stride_c(), out.v_plane(), out.stride_c(),
               out.width(), out.height(), ts, &r);
  return r;
}

// Where `out` differs from `in` read left to right ("" when it is the exact mirror image).
std::string mirror_mismatch(GuardedI420& in, GuardedI420& out) {
  for (int y = 0; y < in.height(); ++y)
    for (int x = 0; x < in.width(); ++x)
      if (out.Y(x, y) != in.Y(in.width() - 1 - x, y)) return "Y at " + std::to_string(x) + "," + std::to_string(y);
  const int cw = in.chroma_width();
  for (int y = 0; y < in.chroma_height(); ++y)
    for (int x = 0; x < cw; ++x) {
      if (out.U(x, y) != in.U(cw - 1 - x, y)) return "U at " + std::to_string(x) + "," + std::to_string(y);
      if (out.V(x, y) != in.V(cw - 1 - x, y)) return "V at " + std::to_string(x) + "," + std::to_string(y);
    }
  return "";
}

void check_no_hand_pass(int w, int h, bool mirror, int model, bool blank) {
  CONTEXT(w << "x" << h << (mirror ? " mirrored" : " not mirrored") << ", model " << model
            << (blank ? ", blank grey" : ", ramps"));
  EffectOptions o;
  o.mirror = mirror;
  o.model = model;
  FramePass pass(o);
  GuardedI420 in(w, h), copy(w, h), out(w, h);
  if (blank) {
    in.fill(128, 128, 128);
    copy.fill(128, 128, 128);
  } else {
    paint_ramps(in);
    paint_ramps(copy);
  }
  out.fill(0, 0, 0);
  for (int frame = 0; frame < 2; ++frame) {
    const FrameResult r = run(pass, in, out, 1000 + frame * 33333);
    CHECK_EQ(r.hand_count, 0);
    CHECK_EQ(r.shields_drawn, 0);
    CHECK_EQ(r.timings.palm_detection_ran, 1);  // no hand tracked: it looks every frame
    CHECK_EQ(r.timings.landmark_calls, 0);
    CHECK(r.timings.palm_ms > 0.0);
    CHECK(r.timings.total_ms >= r.timings.palm_ms);
    if (mirror) {
      CHECK_EQ(mirror_mismatch(in, out), std::string());
    } else {
      CHECK(out.same_pixels(in));
    }
    CHECK(in.same_pixels(copy));  // the input is read only
    CHECK_EQ(out.guard_damage(), std::string());
    CHECK_EQ(in.guard_damage(), std::string());
  }
}

}  // namespace

TEST(frame_pass_models, frame_without_hands_is_copied_mirrored_exactly) {
  mstest::require_models();
  check_no_hand_pass(640, 480, true, 1, false);
  check_no_hand_pass(640, 480, true, 1, true);
}

TEST(frame_pass_models, frame_without_hands_is_copied_exactly_when_not_mirroring) {
  mstest::require_models();
  check_no_hand_pass(640, 480, false, 1, false);
}

TEST(frame_pass_models, odd_sized_frames_without_hands) {
  mstest::require_models();
  check_no_hand_pass(101, 77, true, 1, false);
  check_no_hand_pass(101, 77, false, 0, false);
  check_no_hand_pass(3, 2, true, 0, false);  // tiny, but allowed
}

void check_size_and_model_changes(bool pipelined) {
  CONTEXT((pipelined ? "pipelined" : "in line"));
  EffectOptions o;
  o.pipelined = pipelined;
  FramePass pass(o);
  GuardedI420 a_in(320, 240), a_out(320, 240), b_in(241, 135), b_out(241, 135);
  paint_ramps(a_in);
  paint_ramps(b_in);
  CHECK_EQ(run(pass, a_in, a_out, 0).hand_count, 0);
  CHECK_EQ(run(pass, b_in, b_out, 33333).hand_count, 0);
  CHECK_EQ(mirror_mismatch(b_in, b_out), std::string());
  o.model = 0;
  o.mirror = false;
  pass.set_options(o);
  CHECK_EQ(run(pass, a_in, a_out, 66666).hand_count, 0);
  CHECK(a_out.same_pixels(a_in));
  CHECK_EQ(run(pass, b_in, b_out, 99999).hand_count, 0);
  CHECK(b_out.same_pixels(b_in));
  o.pipelined = !pipelined;  // switching mode between frames
  pass.set_options(o);
  CHECK_EQ(run(pass, a_in, a_out, 33333).hand_count, 0);
  CHECK(a_out.same_pixels(a_in));
}

TEST(frame_pass_models, size_and_model_can_change_between_frames) {
  mstest::require_models();
  check_size_and_model_changes(false);
  check_size_and_model_changes(true);
}
