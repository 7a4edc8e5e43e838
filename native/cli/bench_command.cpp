// bench: per-stage timings of the frame pass over a folder of frames at a chosen size, and of compositing one
// 300 px shield. Prints medians and 90th percentiles and ends with `frame_ms_p50=<ms>`. With --background the
// pass also segments the person and replaces the background; with --pipelined the models run beside the frame, and
// frames come at --fps in real time, as a camera sends them (a pipelined pass fed back to back measures only how
// the three threads share the cores).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <initializer_list>
#include <iostream>
#include <thread>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "commands.h"
#include "image_io.h"
#include "shield_renderer.h"

namespace magicshield::cli {
namespace {

struct Series {
  const char* name;
  std::vector<double> values;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

// per_frame: the stage's time summed over the run, divided by the frames timed: what it costs a session per frame
// on average (a stage that runs on some frames only, as palm detection, counts on all of them).
void print(const Series& s, int frames) {
  double sum = 0.0;
  for (double v : s.values) sum += v;
  std::printf("%-24s %6zu %9.3f %9.3f %9.3f\n", s.name, s.values.size(), percentile(s.values, 0.5),
              percentile(s.values, 0.9), sum / frames);
}

// Compositing alone: one shield of 300 px on a frame of the bench size, the rings turning between calls.
Series bench_compositing(int width, int height, int iterations) {
  Series s{"composite_300px", {}};
  const auto sprites = ShieldSprites::current();
  if (!sprites) return s;
  I420Buffer frame(width, height);
  std::fill(frame.y.begin(), frame.y.end(), 90);
  std::fill(frame.u.begin(), frame.u.end(), 128);
  std::fill(frame.v.begin(), frame.v.end(), 128);
  const I420Image img = frame.image();
  for (int i = 0; i < iterations; ++i) {
    const ShieldPlacement placement{
        {static_cast<float>(width) * 0.5f, static_cast<float>(height) * 0.5f}, 300.f, static_cast<float>(i) * 2.f, 1.f};
    const auto start = std::chrono::steady_clock::now();
    draw_shield(img, *sprites, placement);
    s.values.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  return s;
}

}  // namespace

int run_bench(int argc, char** argv) {
  const Arguments args(
      argc, argv, 2,
      {"images", "mode", "model", "width", "height", "frames", "warmup", "max-hands", "fps", "models", "sprites",
       "threads", "backend", "inference-interval", "redetect-interval", "background", "engine", "tflite-library"},
      {"mirror", "pipelined"});
  const std::string dir = args.required("images");
  const std::string mode = args.choice("mode", "video", {"image", "video"});
  const int complexity = model_complexity(args);
  const int width = args.integer("width", 640, 16, kMaxFrameSide);
  const int height = args.integer("height", 480, 16, kMaxFrameSide);
  const int frames = args.integer("frames", 300, 1, 1000000);
  const int warmup = args.integer("warmup", 10, 0, 10000);
  const int fps = args.integer("fps", 30, 1, 1000);
  const std::string background_choice = background_argument(args);
  const std::vector<std::string> files = list_images(dir);
  if (files.empty()) throw std::runtime_error("no .jpg/.jpeg/.png images in " + dir);
  load_engine(args, complexity, true);
  const Background background = load_background(args, background_choice);
  if (args.has("threads")) Engine::set_inference_threads(args.integer("threads", 0, 0, 256));

  std::vector<I420Buffer> clip;
  for (const std::string& file : files) {
    cv::Mat resized;
    cv::resize(read_bgr(file), resized, cv::Size(width, height), 0, 0, cv::INTER_AREA);
    clip.push_back(bgr_to_i420(resized));
  }
  std::cout << Engine::describe() << '\n'
            << "bench: " << files.size() << " frames from " << dir << " at " << width << "x" << height << ", mode "
            << mode << ", model " << (complexity == 1 ? "full" : "lite") << ", " << frames << " frames timed after "
            << warmup << " warm-up, background " << background_choice
            << (args.has("pipelined") ? ", pipelined at the frame rate" : "") << '\n';

  EffectOptions options =
      options_for_mode(mode, complexity, args.integer("max-hands", 2, 1, kMaxHands), args.has("mirror"));
  options.min_inference_interval_ms = static_cast<float>(args.integer("inference-interval", 0, 0, 1000));
  options.redetect_interval_ms =
      static_cast<float>(args.integer("redetect-interval", static_cast<int>(options.redetect_interval_ms), 0, 60000));
  options.background = static_cast<int>(background);
  options.pipelined = args.has("pipelined");
  FramePass pass(options);
  I420Buffer out(width, height);
  const I420Image o = out.image();
  Series copy{"copy", {}}, palm{"palm_detection", {}}, landmarks{"landmarks", {}}, smoothing{"smoothing", {}},
      render{"render", {}}, total{"frame", {}}, tracked{"frame_without_palm", {}}, detected{"frame_with_palm", {}},
      segmentation{"segmentation", {}}, compositing{"background", {}};
  const auto started = std::chrono::steady_clock::now();
  std::size_t hands_seen = 0;
  std::size_t skipped = 0;
  for (int i = 0; i < warmup + frames; ++i) {
    // Back and forth through the clip, so tracking never jumps from the last frame to the first.
    const std::size_t n = clip.size();
    const std::size_t k = static_cast<std::size_t>(i) % (2 * n);
    const I420Buffer& in = clip[k < n ? k : 2 * n - 1 - k];
    if (options.pipelined) std::this_thread::sleep_until(started + std::chrono::microseconds(i * 1000000LL / fps));
    FrameResult r{};
    pass.process(in.y.data(), width, in.u.data(), (width + 1) / 2, in.v.data(), (width + 1) / 2, width, height, o.y,
                 o.stride_y, o.u, o.stride_u, o.v, o.stride_v, o.width, o.height,
                 static_cast<std::int64_t>(i) * 1000000 / fps, &r);
    if (i < warmup) continue;
    const StageTimings& t = r.timings;
    copy.values.push_back(t.copy_ms);
    if (t.palm_detection_ran) palm.values.push_back(t.palm_ms);
    if (t.inference_skipped) {
      ++skipped;
    } else {
      landmarks.values.push_back(t.landmark_ms);
    }
    smoothing.values.push_back(t.smoothing_ms);
    render.values.push_back(t.render_ms);
    if (t.segmentation_ms > 0.0) segmentation.values.push_back(t.segmentation_ms);
    if (options.background != 0) compositing.values.push_back(t.background_ms);
    total.values.push_back(t.total_ms);
    (t.palm_detection_ran ? detected : tracked).values.push_back(t.total_ms);
    hands_seen += static_cast<std::size_t>(r.hand_count);
  }
  const Series composite = bench_compositing(width, height, 300);

  std::printf("%-24s %6s %9s %9s %9s\n", "stage", "n", "p50_ms", "p90_ms", "per_frame");
  for (const Series* s : std::initializer_list<const Series*>{&copy, &palm, &landmarks, &smoothing, &segmentation,
                                                              &compositing, &render, &tracked, &detected, &total})
    print(*s, frames);
  print(composite, static_cast<int>(composite.values.size()));
  std::printf("palm detection ran on %zu of %d frames, the models were skipped on %zu; %.2f hands per frame\n",
              palm.values.size(), frames, skipped, static_cast<double>(hands_seen) / frames);
  std::printf("composite_300px_ms_p50=%.3f\n", percentile(composite.values, 0.5));
  std::printf("frame_ms_p50=%.3f\n", percentile(total.values, 0.5));
  return 0;
}

}  // namespace magicshield::cli
