// Person segmentation and background replacement with MediaPipe's real selfie segmentation models: the masks our
// core makes against MediaPipe's own (mediapipe_reference/selfie/, made by MediaPipe's legacy Selfie Segmentation
// solution in Chromium: the photo stretched to the model's input, the output stored as 8 bits, scaled bilinearly to
// the photo's size), the mask steadied on a clip, and the frame pass with a background and a shield. The photos
// reach the core as I420, as camera frames do. Skipped, loudly, without the shared photos.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "background_stage.h"
#include "i420_buffer.h"
#include "magicshield/magicshield.h"
#include "model_setup.h"
#include "person_segmenter.h"
#include "photo_i420.h"
#include "test_harness.h"

using namespace magicshield;
using mstest::GuardedI420;
namespace fs = std::filesystem;

namespace {

const std::string kDataDir = MAGICSHIELD_TEST_DATA_DIR;
const std::string kSelfieDir = kDataDir + "/mediapipe_reference/selfie";

void require_references() {
  if (!fs::exists(kSelfieDir + "/stills_general")) {
    SKIP("no MediaPipe person masks in " + kSelfieDir + " (set MAGICSHIELD_TESTDATA_DIR to the shared test data)");
  }
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

struct Agreement {
  std::vector<double> iou;  // masks thresholded at 0.5, where either has a person
  std::vector<double> mad;  // mean |ours - MediaPipe's| confidence, 0..1
};

// Every reference mask of one folder (<set>_<model>) against ours for the same photo, made the same way.
Agreement agreement(const std::string& set, const std::string& model, ModelKind kind) {
  const fs::path refs = kSelfieDir + "/" + set + "_" + model;
  const fs::path photos = set == "stills" ? fs::path(kDataDir) : fs::path(kDataDir) / set;
  std::vector<fs::path> masks;
  for (const auto& entry : fs::directory_iterator(refs)) {
    if (entry.path().extension() == ".png") masks.push_back(entry.path());
  }
  std::sort(masks.begin(), masks.end());
  PersonSegmenter segmenter(kind, sample_rgb_tensor);
  Agreement a;
  for (const fs::path& ref_file : masks) {
    const fs::path photo = photos / ref_file.filename().replace_extension(".jpg");
    const cv::Mat bgr = cv::imread(photo.string(), cv::IMREAD_COLOR);
    const cv::Mat ref = cv::imread(ref_file.string(), cv::IMREAD_GRAYSCALE);
    REQUIRE(!bgr.empty());
    REQUIRE(ref.size() == bgr.size());
    GuardedI420 frame = mstest::to_i420(bgr);
    const cv::Mat ours = mask_image(segmenter.run(frame.view(), false), bgr.cols, bgr.rows);
    cv::Mat diff;
    cv::absdiff(ours, ref, diff);
    a.mad.push_back(cv::mean(diff)[0] / 255.0);
    const cv::Mat ours_in = ours >= 128, ref_in = ref >= 128;
    const double either = cv::countNonZero(ours_in | ref_in);
    // Nearly empty in both (no one in the picture): IoU means nothing there.
    if (either >= 0.001 * static_cast<double>(ref.total())) {
      a.iou.push_back(cv::countNonZero(ours_in & ref_in) / either);
    }
  }
  REQUIRE(masks.size() >= 40);
  return a;
}

void check_agreement(const std::string& set, const std::string& model, ModelKind kind) {
  CONTEXT(set << " " << model);
  const Agreement a = agreement(set, model, kind);
  const double iou_median = percentile(a.iou, 0.5), iou_p10 = percentile(a.iou, 0.1);
  const double mad_median = percentile(a.mad, 0.5);
  std::printf(
      "  [selfie %s %s] %zu masks (%zu with a person): IoU median %.4f p10 %.4f min %.4f; mean abs "
      "difference median %.4f p90 %.4f\n",
      set.c_str(), model.c_str(), a.mad.size(), a.iou.size(), iou_median, iou_p10, percentile(a.iou, 0.0), mad_median,
      percentile(a.mad, 0.9));
  CHECK(iou_median >= 0.98);
  CHECK(iou_p10 >= 0.95);
  CHECK(mad_median <= 0.01);
}

}  // namespace

TEST(person_segmentation, general_model_agrees_with_mediapipe) {
  require_references();
  mstest::require_segmentation_models();
  check_agreement("stills", "general", ModelKind::kSegmentationGeneral);
  check_agreement("clip01", "general", ModelKind::kSegmentationGeneral);
}

TEST(person_segmentation, landscape_model_agrees_with_mediapipe) {
  require_references();
  mstest::require_segmentation_models();
  check_agreement("stills", "landscape", ModelKind::kSegmentationLandscape);
  check_agreement("clip01", "landscape", ModelKind::kSegmentationLandscape);
}

// The steadied mask changes less from frame to frame than the model's own where the model is unsure (hair, hands,
// the edge), and stays with it where it is sure.
TEST(person_segmentation, steadied_mask_flickers_less_on_a_clip) {
  require_references();
  mstest::require_segmentation_models();
  std::vector<fs::path> frames;
  for (const auto& entry : fs::directory_iterator(kDataDir + "/clip01")) frames.push_back(entry.path());
  std::sort(frames.begin(), frames.end());
  REQUIRE(frames.size() >= 50);
  PersonSegmenter segmenter(ModelKind::kSegmentationLandscape, sample_rgb_tensor);
  PersonMask previous_raw, steady, previous_steady;
  double raw_change = 0.0, steady_change = 0.0, confident_lag = 0.0;
  std::size_t unsure = 0, confident = 0;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    GuardedI420 frame = mstest::to_i420(cv::imread(frames[i].string(), cv::IMREAD_COLOR));
    const PersonMask raw = segmenter.run(frame.view(), false);
    if (i == 0) {
      steady = raw;
    } else {
      steady_mask(steady, raw);
      for (std::size_t k = 0; k < raw.probability.size(); ++k) {
        const float p = raw.probability[k], q = previous_raw.probability[k];
        if ((p > 0.2f && p < 0.8f) || (q > 0.2f && q < 0.8f)) {
          raw_change += std::fabs(p - q);
          steady_change += std::fabs(steady.probability[k] - previous_steady.probability[k]);
          ++unsure;
        } else if (p < 0.05f || p > 0.95f) {
          confident_lag += std::fabs(steady.probability[k] - p);
          ++confident;
        }
      }
    }
    previous_raw = raw;
    previous_steady = steady;
  }
  raw_change /= static_cast<double>(unsure);
  steady_change /= static_cast<double>(unsure);
  confident_lag /= static_cast<double>(confident);
  std::printf(
      "  [selfie clip01 landscape] frame-to-frame change at unsure pixels: model %.4f, steadied %.4f; "
      "steadied vs model where it is sure: %.4f\n",
      raw_change, steady_change, confident_lag);
  CHECK(steady_change < 0.7 * raw_change);
  CHECK(confident_lag < 0.02);
}

// The pass replaces the background where MediaPipe sees none, leaves the person, and draws the shield over the new
// background: a shield shows only in the pass that draws one, also where the background was replaced.
TEST(background_pass, background_replaced_person_kept_shield_on_top) {
  require_references();
  mstest::require_models();
  mstest::require_segmentation_models();
  mstest::require_sprites();
  mstest::require_scene();
  const cv::Mat bgr = cv::imread(kDataDir + "/open_palm_01.jpg", cv::IMREAD_COLOR);
  const cv::Mat ref = cv::imread(kSelfieDir + "/stills_general/open_palm_01.png", cv::IMREAD_GRAYSCALE);
  REQUIRE(!bgr.empty() && !ref.empty());
  GuardedI420 in = mstest::to_i420(bgr);
  auto render = [&](int background, float open_threshold, FrameResult& result) {
    EffectOptions o;
    o.mirror = false;
    o.tracking = false;
    o.smoothing = false;
    o.fade_ms = 0.f;
    o.hand_lines = false;
    o.background = background;
    o.open_threshold = open_threshold;
    FramePass pass(o);
    auto out = std::make_unique<GuardedI420>(in.width(), in.height());
    const I420Image img = out->image();
    pass.process(in.y_plane(), in.stride_y(), in.u_plane(), in.stride_c(), in.v_plane(), in.stride_c(), in.width(),
                 in.height(), img.y, img.stride_y, img.u, img.stride_u, img.v, img.stride_v, img.width, img.height, 0,
                 &result);
    CHECK_EQ(out->guard_damage(), std::string());
    return out;
  };
  FrameResult plain{}, scene{}, scene_no_shield{}, blur{};
  // An open score is at most 1: a threshold of 2 never shows a shield, the default 0.5 does for this open palm.
  const auto original = render(static_cast<int>(Background::kOff), 2.f, plain);
  const auto replaced = render(static_cast<int>(Background::kScene), 0.5f, scene);
  const auto replaced_bare = render(static_cast<int>(Background::kScene), 2.f, scene_no_shield);
  const auto blurred = render(static_cast<int>(Background::kBlur), 2.f, blur);
  REQUIRE(scene.shields_drawn >= 1);
  CHECK_EQ(scene_no_shield.shields_drawn, 0);
  CHECK(scene.timings.background_ms > 0.0);
  CHECK(scene.timings.segmentation_ms > 0.0);
  // The person's inside: MediaPipe is sure, and the edge (where the mask is feathered) is 4 px away or more.
  cv::Mat inside;
  cv::erode(ref >= 250, inside, cv::Mat::ones(9, 9, CV_8U));
  std::size_t person = 0, person_kept = 0, room = 0, room_replaced = 0, room_blurred = 0, shield_over_room = 0;
  for (int y = 0; y < in.height(); ++y)
    for (int x = 0; x < in.width(); ++x) {
      const int mp = ref.at<std::uint8_t>(y, x);
      if (inside.at<std::uint8_t>(y, x)) {
        ++person;
        if (replaced_bare->Y(x, y) == original->Y(x, y) && blurred->Y(x, y) == original->Y(x, y)) ++person_kept;
      } else if (mp <= 5) {
        ++room;
        if (std::abs(replaced_bare->Y(x, y) - original->Y(x, y)) > 2) ++room_replaced;
        if (blurred->Y(x, y) != original->Y(x, y)) ++room_blurred;
        if (replaced->Y(x, y) != replaced_bare->Y(x, y)) ++shield_over_room;
      }
    }
  std::printf(
      "  [background pass] person pixels kept %zu/%zu, room pixels replaced %zu/%zu (blurred %zu), shield "
      "pixels over the replaced room %zu\n",
      person_kept, person, room_replaced, room, room_blurred, shield_over_room);
  REQUIRE(person > 1000 && room > 1000);
  CHECK(person_kept >= 0.99 * static_cast<double>(person));
  CHECK(room_replaced >= 0.95 * static_cast<double>(room));
  CHECK(room_blurred >= 0.5 * static_cast<double>(room));
  CHECK(shield_over_room >= 200);
}

// Hands the tracker follows stay in front of the background, also where the selfie model finds no person: in the
// close-up of two hands without a face (two_hands_02.jpg) MediaPipe's mask is empty, yet the palms are kept.
TEST(background_pass, tracked_hands_stay_in_front) {
  require_references();
  mstest::require_models();
  mstest::require_segmentation_models();
  mstest::require_scene();
  const cv::Mat bgr = cv::imread(kDataDir + "/two_hands_02.jpg", cv::IMREAD_COLOR);
  const cv::Mat ref = cv::imread(kSelfieDir + "/stills_landscape/two_hands_02.png", cv::IMREAD_GRAYSCALE);
  REQUIRE(!bgr.empty() && !ref.empty());
  GuardedI420 in = mstest::to_i420(bgr);
  EffectOptions o;
  o.mirror = false;
  o.tracking = false;
  o.smoothing = false;
  o.hand_lines = false;
  o.open_threshold = 2.f;  // no shield over the palms (an open score is at most 1)
  o.background = static_cast<int>(Background::kScene);
  FramePass pass(o);
  GuardedI420 out(in.width(), in.height());
  const I420Image img = out.image();
  FrameResult r{};
  pass.process(in.y_plane(), in.stride_y(), in.u_plane(), in.stride_c(), in.v_plane(), in.stride_c(), in.width(),
               in.height(), img.y, img.stride_y, img.u, img.stride_u, img.v, img.stride_v, img.width, img.height, 0,
               &r);
  REQUIRE_EQ(r.hand_count, 2);
  CHECK(cv::countNonZero(ref >= 128) < 0.01 * static_cast<double>(ref.total()));  // MediaPipe: no person
  for (int h = 0; h < r.hand_count; ++h) {
    const float* l = r.hands[h].landmarks;
    // Halfway from the wrist to the middle finger's knuckle, the middle of the palm.
    const int cx = static_cast<int>((l[0] + l[3 * 9]) / 2), cy = static_cast<int>((l[1] + l[3 * 9 + 1]) / 2);
    int kept = 0, near = 0;
    for (int y = cy - 5; y <= cy + 5; ++y)
      for (int x = cx - 5; x <= cx + 5; ++x) {
        if (x < 0 || y < 0 || x >= in.width() || y >= in.height()) continue;
        ++near;
        kept += out.Y(x, y) == in.Y(x, y) ? 1 : 0;
      }
    CONTEXT("hand " << h << " at " << cx << "," << cy);
    CHECK(near > 0 && kept == near);
  }
}

// Any frame the pass takes, it takes with a background too: tiny, odd, very thin, and written smaller than it came.
TEST(background_pass, odd_sizes_and_a_smaller_output) {
  mstest::require_models();
  mstest::require_segmentation_models();
  mstest::require_scene();
  struct Size {
    int in_w, in_h, out_w, out_h;
  };
  for (const Size z : {Size{2, 2, 2, 2}, Size{3, 5, 3, 5}, Size{17, 1001, 17, 1001}, Size{1001, 17, 1001, 17},
                       Size{640, 480, 320, 240}, Size{641, 479, 641, 479}}) {
    CONTEXT(z.in_w << "x" << z.in_h << " -> " << z.out_w << "x" << z.out_h);
    for (Background mode : {Background::kBlur, Background::kScene}) {
      GuardedI420 in(z.in_w, z.in_h);
      in.fill(90, 110, 150);
      for (int y = 0; y < z.in_h; ++y)
        for (int x = 0; x < z.in_w; ++x) in.Y(x, y) = static_cast<std::uint8_t>(30 + (x * 13 + y * 7) % 190);
      GuardedI420 out(z.out_w, z.out_h);
      const I420Image img = out.image();
      EffectOptions o;
      o.background = static_cast<int>(mode);
      FramePass pass(o);
      FrameResult r{};
      for (int frame = 0; frame < 2; ++frame) {
        pass.process(in.y_plane(), in.stride_y(), in.u_plane(), in.stride_c(), in.v_plane(), in.stride_c(), z.in_w,
                     z.in_h, img.y, img.stride_y, img.u, img.stride_u, img.v, img.stride_v, img.width, img.height,
                     frame * 33333, &r);
      }
      CHECK(r.timings.background_ms > 0.0);
      CHECK_EQ(out.guard_damage(), std::string());
    }
  }
}

// Pipelined, the mask comes from the pass's own thread; every frame gets one, and turning the background off
// stops it.
TEST(background_pass, pipelined_masks_arrive_and_stop_when_off) {
  mstest::require_models();
  mstest::require_segmentation_models();
  mstest::require_sprites();
  if (!fs::exists(kDataDir + "/clip01")) SKIP("no clip01 in " + kDataDir);
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kDataDir + "/clip01")) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  EffectOptions o;
  o.pipelined = true;
  o.background = static_cast<int>(Background::kBlur);
  FramePass pass(o);
  int with_mask = 0;
  for (int i = 0; i < 20; ++i) {
    GuardedI420 in = mstest::to_i420(cv::imread(files[static_cast<std::size_t>(i)].string(), cv::IMREAD_COLOR));
    GuardedI420 out(in.width(), in.height());
    const I420Image img = out.image();
    if (i == 15) {
      o.background = static_cast<int>(Background::kOff);
      pass.set_options(o);
    }
    FrameResult r{};
    pass.process(in.y_plane(), in.stride_y(), in.u_plane(), in.stride_c(), in.v_plane(), in.stride_c(), in.width(),
                 in.height(), img.y, img.stride_y, img.u, img.stride_u, img.v, img.stride_v, img.width, img.height,
                 i * 33333, &r);
    if (i < 15) {
      CHECK(r.timings.background_ms > 0.0);
      if (r.timings.segmentation_ms > 0.0) ++with_mask;
    } else {
      CHECK_EQ(r.timings.background_ms, 0.0);
      CHECK_EQ(r.timings.segmentation_ms, 0.0);
    }
  }
  CHECK(with_mask >= 1);
}
