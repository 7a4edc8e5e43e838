// The background stage's parts that need no model: the mask steadied over time (background_stage.h) and the
// compositing onto the I420 planes (background_compositor.h), on synthetic masks, frames and scenes.
#include <cmath>
#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "background_compositor.h"
#include "background_scene.h"
#include "background_stage.h"
#include "i420_buffer.h"
#include "test_harness.h"

using namespace magicshield;
using mstest::GuardedI420;

namespace {

PersonMask uniform_mask(int width, int height, float p) {
  return {width, height, std::vector<float>(static_cast<std::size_t>(width) * height, p)};
}

// Person on the left half of the model's view, background on the right.
PersonMask left_half_mask(int width, int height) {
  PersonMask m = uniform_mask(width, height, 0.f);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width / 2; ++x) m.probability[static_cast<std::size_t>(y) * width + x] = 1.f;
  return m;
}

std::shared_ptr<const BackgroundScene> solid_scene(int width, int height, cv::Vec3b bgr) {
  auto scene = std::make_shared<BackgroundScene>();
  scene->bgr = cv::Mat(height, width, CV_8UC3, cv::Scalar(bgr[0], bgr[1], bgr[2]));
  return scene;
}

// A frame with texture: luma and chroma vary with position, so a change anywhere shows.
void textured(GuardedI420& f) {
  for (int y = 0; y < f.height(); ++y)
    for (int x = 0; x < f.width(); ++x) f.Y(x, y) = static_cast<std::uint8_t>(40 + (x * 7 + y * 3) % 160);
  for (int y = 0; y < f.chroma_height(); ++y)
    for (int x = 0; x < f.chroma_width(); ++x) {
      f.U(x, y) = static_cast<std::uint8_t>(90 + (x * 5) % 70);
      f.V(x, y) = static_cast<std::uint8_t>(100 + (y * 3) % 50);
    }
}

}  // namespace

TEST(background, steady_mask_takes_confident_values_and_calms_uncertain_ones) {
  PersonMask running = uniform_mask(4, 1, 0.f);
  PersonMask fresh{4, 1, {1.f, 0.f, 0.5f, 0.6f}};
  running.probability = {0.f, 1.f, 0.f, 0.4f};
  steady_mask(running, fresh);
  CHECK(running.probability[0] > 0.97f);  // a confident change (the person moved in) shows at once
  CHECK(running.probability[1] < 0.03f);
  CHECK_NEAR(running.probability[2], 0.5f - 0.5f * 0.9f, 0.01);  // a coin toss keeps 0.9 of the old value
  CHECK(running.probability[3] > 0.4f && running.probability[3] < 0.45f);
}

TEST(background, steady_mask_damps_an_edge_that_flickers) {
  PersonMask running = uniform_mask(1, 1, 0.45f);
  float low = 1.f, high = 0.f;
  for (int frame = 0; frame < 40; ++frame) {
    steady_mask(running, uniform_mask(1, 1, frame % 2 == 0 ? 0.35f : 0.65f));
    if (frame >= 20) {
      low = std::min(low, running.probability[0]);
      high = std::max(high, running.probability[0]);
    }
  }
  // The model swings by 0.3 each frame; what is drawn swings by a fraction of it.
  CHECK(high - low < 0.1f);
  CHECK(low > 0.4f && high < 0.6f);
}

TEST(background, steady_mask_restarts_on_another_size) {
  PersonMask running = uniform_mask(4, 4, 0.5f);
  steady_mask(running, uniform_mask(8, 2, 0.2f));
  CHECK_EQ(running.width, 8);
  CHECK_EQ(running.height, 2);
  CHECK_NEAR(running.probability[0], 0.2f, 1e-6);
}

TEST(background, a_person_everywhere_leaves_the_frame_as_it_was) {
  GuardedI420 frame(64, 48);
  textured(frame);
  GuardedI420 before(64, 48);
  textured(before);
  BackgroundCompositor compositor;
  for (Background mode : {Background::kBlur, Background::kScene}) {
    compositor.composite(frame.image(), uniform_mask(32, 18, 1.f), mode, solid_scene(40, 30, {200, 10, 10}));
    for (int y = 0; y < 48; ++y)
      for (int x = 0; x < 64; ++x) REQUIRE_EQ(frame.Y(x, y), before.Y(x, y));
    for (int y = 0; y < 24; ++y)
      for (int x = 0; x < 32; ++x) {
        REQUIRE_EQ(frame.U(x, y), before.U(x, y));
        REQUIRE_EQ(frame.V(x, y), before.V(x, y));
      }
  }
  CHECK_EQ(frame.guard_damage(), std::string());
}

TEST(background, no_person_shows_the_scene_in_its_colours) {
  GuardedI420 frame(50, 31);  // odd height: chroma rows round up
  textured(frame);
  BackgroundCompositor compositor;
  const cv::Vec3b bgr{40, 120, 200};
  compositor.composite(frame.image(), uniform_mask(32, 18, 0.f), Background::kScene, solid_scene(100, 100, bgr));
  const Yuv want = rgb_to_yuv(bgr[2], bgr[1], bgr[0]);
  for (int y = 0; y < frame.height(); ++y)
    for (int x = 0; x < frame.width(); ++x) REQUIRE_EQ(frame.Y(x, y), want.y);
  for (int y = 0; y < frame.chroma_height(); ++y)
    for (int x = 0; x < frame.chroma_width(); ++x) {
      REQUIRE_EQ(frame.U(x, y), want.u);
      REQUIRE_EQ(frame.V(x, y), want.v);
    }
  CHECK_EQ(frame.guard_damage(), std::string());
}

TEST(background, the_person_stays_sharp_and_the_edge_is_feathered) {
  GuardedI420 frame(128, 96), before(128, 96);
  textured(frame);
  textured(before);
  BackgroundCompositor compositor;
  const cv::Vec3b bgr{0, 0, 0};
  compositor.composite(frame.image(), left_half_mask(64, 48), Background::kScene, solid_scene(64, 48, bgr));
  const std::uint8_t black = rgb_to_yuv(0, 0, 0).y;
  int blended = 0;
  for (int y = 0; y < 96; ++y) {
    for (int x = 0; x < 48; ++x) REQUIRE_EQ(frame.Y(x, y), before.Y(x, y));  // the person, untouched
    for (int x = 80; x < 128; ++x) REQUIRE_EQ(frame.Y(x, y), black);         // the background, replaced
    for (int x = 48; x < 80; ++x) {
      if (frame.Y(x, y) != before.Y(x, y) && frame.Y(x, y) != black) ++blended;
    }
  }
  // Between them a soft edge several pixels wide (the mask's feather and bilinear upscale), not a hard cut.
  CHECK(blended >= 96 * 4);
}

TEST(background, blur_keeps_a_flat_room_flat_and_smooths_a_textured_one) {
  GuardedI420 flat(80, 60);
  flat.fill(120, 100, 140);
  BackgroundCompositor compositor;
  compositor.composite(flat.image(), uniform_mask(32, 18, 0.f), Background::kBlur, nullptr);
  for (int y = 0; y < 60; ++y)
    for (int x = 0; x < 80; ++x) REQUIRE_EQ(flat.Y(x, y), 120);
  CHECK_EQ(flat.U(10, 10), 100);
  CHECK_EQ(flat.V(10, 10), 140);

  GuardedI420 stripes(80, 60);
  stripes.fill(0, 128, 128);
  for (int y = 0; y < 60; ++y)
    for (int x = 0; x < 80; ++x) stripes.Y(x, y) = (x / 2) % 2 ? 200 : 40;
  compositor.composite(stripes.image(), uniform_mask(32, 18, 0.f), Background::kBlur, nullptr);
  int lo = 255, hi = 0;
  for (int x = 20; x < 60; ++x) {
    lo = std::min<int>(lo, stripes.Y(x, 30));
    hi = std::max<int>(hi, stripes.Y(x, 30));
  }
  CHECK(hi - lo < 20);  // stripes 160 apart, blurred to nearly one grey
  CHECK(lo > 90 && hi < 150);
  CHECK_EQ(stripes.guard_damage(), std::string());
}

TEST(background, the_scene_needs_a_scene) {
  GuardedI420 frame(32, 32);
  BackgroundCompositor compositor;
  CHECK_THROWS_WITH(compositor.composite(frame.image(), uniform_mask(8, 8, 0.f), Background::kScene, nullptr),
                    std::runtime_error, "no background scene");
}

TEST(background, scene_decoding_refuses_what_is_not_an_image) {
  const std::uint8_t junk[] = {1, 2, 3, 4, 5};
  CHECK_THROWS_WITH(BackgroundScene::decode(junk, sizeof junk), std::invalid_argument, "not a PNG or JPEG");
  CHECK_THROWS_WITH(BackgroundScene::decode(nullptr, 0), std::invalid_argument, "no image bytes");
}
