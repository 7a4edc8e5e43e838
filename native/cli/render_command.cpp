// render: every image of a folder with the effect drawn, written to another folder.
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "image_io.h"

namespace magicshield::cli {

int run_render(int argc, char** argv) {
  const Arguments args(argc, argv, 2,
                       {"images", "out", "model", "max-hands", "mode", "fps", "models", "sprites", "backend",
                        "background", "engine", "tflite-library"},
                       {"mirror", "debug", "no-lines"});
  const std::string dir = args.required("images");
  const std::filesystem::path out_dir = args.required("out");
  const int complexity = model_complexity(args);
  const std::string mode = args.choice("mode", "image", {"image", "video"});
  const int fps = args.integer("fps", 30, 1, 1000);
  const std::string background_choice = background_argument(args);
  const std::vector<std::string> files = list_images(dir);
  if (files.empty()) throw std::runtime_error("no .jpg/.jpeg/.png images in " + dir);
  load_engine(args, complexity, true);
  const Background background = load_background(args, background_choice);
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) throw std::runtime_error("cannot create " + out_dir.string() + ": " + ec.message());

  EffectOptions options =
      options_for_mode(mode, complexity, args.integer("max-hands", 2, 1, kMaxHands), args.has("mirror"));
  options.landmark_debug = args.has("debug");
  options.hand_lines = !args.has("no-lines");
  options.background = static_cast<int>(background);
  FramePass pass(options);
  std::int64_t frame = 0;
  int with_shield = 0;
  for (const std::string& file : files) {
    const I420Buffer in = bgr_to_i420(read_bgr(file));
    I420Buffer out(in.width, in.height);
    const I420Image o = out.image();
    FrameResult result{};
    pass.process(in.y.data(), in.width, in.u.data(), (in.width + 1) / 2, in.v.data(), (in.width + 1) / 2, in.width,
                 in.height, o.y, o.stride_y, o.u, o.stride_u, o.v, o.stride_v, o.width, o.height,
                 frame++ * 1000000 / fps, &result);
    if (result.shields_drawn > 0) ++with_shield;
    write_image((out_dir / file_name(file)).string(), i420_to_bgr(out.view()));
  }
  std::cout << "rendered " << files.size() << " images (" << with_shield << " with a shield) to " << out_dir.string()
            << '\n';
  return 0;
}

}  // namespace magicshield::cli
