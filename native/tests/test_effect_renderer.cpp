// Drawing the effect (effect_renderer.h): what is drawn for each hand and in which order, all through the pixel
// backend; and on the CPU backend the same pixels as the drawing routines called in that order, at the input's
// size and at a smaller output's.
#include <memory>
#include <string>
#include <vector>

#include "effect_renderer.h"
#include "i420_buffer.h"
#include "landmark_overlay.h"
#include "line_renderer.h"
#include "resampled_copy.h"
#include "sprite_png.h"
#include "synthetic_hands.h"
#include "test_harness.h"

using namespace magicshield;
using mstest::GuardedI420;

namespace {

// Each call as "what@wrist x" (shields: "shield@centre x").
class RecordingBackend final : public PixelBackend {
 public:
  std::vector<std::string> calls;

  void copy(const I420View&, const I420Image&, bool) override { calls.push_back("copy"); }
  void sample_tensor(const I420View&, bool, const RotatedRect&, int, int, Border, TensorLayout, float*) override {
    calls.push_back("sample");
  }
  void composite_background(const PersonMask&, Background, const std::shared_ptr<const BackgroundScene>&) override {
    calls.push_back("background");
  }
  void draw_hand_lines(const Landmarks& l) override { calls.push_back("lines@" + at(l[kWrist].x)); }
  void draw_shield(const std::shared_ptr<const ShieldSprites>&, const ShieldPlacement& p) override {
    calls.push_back("shield@" + at(p.centre.x));
  }
  void draw_landmark_overlay(const Landmarks& l) override { calls.push_back("overlay@" + at(l[kWrist].x)); }
  void finish() override { calls.push_back("finish"); }

 private:
  static std::string at(float x) { return std::to_string(static_cast<int>(x)); }
};

std::shared_ptr<const ShieldSprites> sprites() {
  static const auto s = std::make_shared<const ShieldSprites>(
      mstest::sprites_from(mstest::disc_rgba(64, 255, 160, 40), mstest::disc_rgba(64, 40, 60, 220)));
  return s;
}

TrackedHand hand(int id, Point2 wrist) {
  TrackedHand h;
  h.id = id;
  h.result.landmarks = mstest::open_hand(wrist);
  return h;
}

EffectOptions options() {
  EffectOptions o;
  o.fade_ms = 100.f;
  o.smoothing = false;
  o.landmark_debug = true;
  return o;
}

}  // namespace

TEST(effect_renderer, lines_go_under_the_shields_and_the_overlay_over_everything) {
  EffectState s;
  EffectOptions o = options();
  for (int i = 0; i < 5; ++i) s.update({hand(1, {100.f, 120.f}), hand(3, {150.f, 120.f})}, i * 25000, o);
  o.open_threshold = 3.f;  // hand 1 is not open enough from now on: lines, and its shield fades out
  s.update({hand(1, {100.f, 120.f}), hand(2, {200.f, 120.f})}, 5 * 25000, o);  // hand 3 lost, hand 2 new
  RecordingBackend pixels;
  const int shields = render_effect(pixels, s, o, sprites());
  const int centre_1 = static_cast<int>(mstest::open_hand({100.f, 120.f})[kMiddleMcp].x);
  const int centre_3 = static_cast<int>(mstest::open_hand({150.f, 120.f})[kMiddleMcp].x);
  // Hand 2 is new and not open enough: lines, no shield yet; hand 3 fades out unseen: a shield, no overlay.
  const std::vector<std::string> expected = {"lines@100",
                                             "lines@200",
                                             "shield@" + std::to_string(centre_1),
                                             "shield@" + std::to_string(centre_3),
                                             "overlay@100",
                                             "overlay@200",
                                             "finish"};
  CHECK_EQ(pixels.calls.size(), expected.size());
  for (std::size_t i = 0; i < expected.size() && i < pixels.calls.size(); ++i) {
    CONTEXT("call " << i);
    CHECK_EQ(pixels.calls[i], expected[i]);
  }
  CHECK_EQ(shields, 2);
}

TEST(effect_renderer, options_and_missing_sprites_leave_parts_out) {
  EffectState s;
  EffectOptions o = options();
  o.open_threshold = 3.f;
  for (int i = 0; i < 2; ++i) s.update({hand(1, {100.f, 120.f})}, i * 25000, o);
  o.hand_lines = false;
  o.landmark_debug = false;
  RecordingBackend pixels;
  CHECK_EQ(render_effect(pixels, s, o, sprites()), 0);
  CHECK(pixels.calls == std::vector<std::string>{"finish"});

  EffectState shield;
  for (int i = 0; i < 3; ++i) shield.update({hand(1, {100.f, 120.f})}, i * 25000, options());
  RecordingBackend without_sprites;
  CHECK_EQ(render_effect(without_sprites, shield, options(), nullptr), 0);
  CHECK(without_sprites.calls == (std::vector<std::string>{"overlay@100", "finish"}));
}

TEST(effect_renderer, cpu_backend_draws_what_the_routines_draw_in_that_order_at_any_output_size) {
  EffectState s;
  EffectOptions o = options();
  for (int i = 0; i < 5; ++i) s.update({hand(1, {100.f, 160.f})}, i * 25000, o);
  o.open_threshold = 3.f;
  s.update({hand(1, {100.f, 160.f})}, 5 * 25000, o);  // lines under the shield fading out
  const HandEffect& e = s.hands().at(1);
  REQUIRE(e.gesture.state() == HandState::kLines);
  REQUIRE(e.opacity > 0.f);

  GuardedI420 in(240, 180);
  for (int y = 0; y < 180; ++y)
    for (int x = 0; x < 240; ++x) in.Y(x, y) = static_cast<std::uint8_t>(40 + x / 2 + y / 4);
  for (int y = 0; y < 90; ++y)
    for (int x = 0; x < 120; ++x) in.U(x, y) = in.V(119 - x, y) = static_cast<std::uint8_t>(90 + x / 2);
  for (int out_width : {240, 120}) {
    CONTEXT("output width " << out_width);
    const int out_height = out_width * 3 / 4;
    const float k = static_cast<float>(out_width) / 240.f;
    GuardedI420 drawn(out_width, out_height), expected(out_width, out_height);
    const auto cpu = make_pixel_backend(ComputeBackend::kCpu);
    cpu->copy(in.view(), drawn.image(), true);
    CHECK_EQ(render_effect(*cpu, s, o, sprites()), 1);

    resample_i420(in.view(), expected.image(), true);
    Landmarks scaled = e.drawn;
    for (Landmark& l : scaled) l = {l.x * k, l.y * k, l.z};
    draw_hand_lines(expected.image(), scaled, 1.f);
    draw_shield(expected.image(), *sprites(),
                {e.measures.shield_centre * k, e.measures.shield_diameter * k, e.angle_degrees, e.opacity});
    draw_landmark_overlay(expected.image(), scaled);
    CHECK(drawn.same_pixels(expected));
    CHECK_EQ(drawn.guard_damage(), std::string());
  }
}
