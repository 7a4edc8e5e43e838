// landmarks: MediaPipe-style landmarks of every image in a folder, as JSON (the schema of MediaPipe's
// reference files: x, y normalised to the image, z on the scale of x), with the effect's decision: per hand `open`
// (the shield state) and `open_score`, per image `shield` (a shield was drawn), to check against labels.
#include <fstream>
#include <iostream>

#include "commands.h"
#include "image_io.h"
#include "json_writer.h"

namespace magicshield::cli {

int run_landmarks(int argc, char** argv) {
  const Arguments args(argc, argv, 2,
                       {"images", "out", "model", "max-hands", "mode", "fps", "models", "sprites", "backend", "engine",
                        "tflite-library"},
                       {"mirror"});
  const std::string dir = args.required("images");
  const std::string out_path = args.required("out");
  const int complexity = model_complexity(args);
  const int max_hands = args.integer("max-hands", 2, 1, kMaxHands);
  const std::string mode = args.choice("mode", "image", {"image", "video"});
  const int fps = args.integer("fps", 30, 1, 1000);
  const std::vector<std::string> files = list_images(dir);
  if (files.empty()) throw std::runtime_error("no .jpg/.jpeg/.png images in " + dir);
  load_engine(args, complexity, true);  // the sprites too: `shield` says what was drawn

  std::ofstream out(out_path);
  if (!out) throw std::runtime_error("cannot write " + out_path);
  FramePass pass(options_for_mode(mode, complexity, max_hands, args.has("mirror")));
  JsonWriter json(out);
  json.begin_object().key("tool").value("magicshield-cli landmarks").key("config").begin_object();
  json.key("model").value(complexity == 1 ? "full" : "lite").key("max_hands").value(max_hands).key("mode").value(mode);
  json.end_object().key("images").begin_array();
  std::int64_t frame = 0;
  for (const std::string& file : files) {
    const I420Buffer in = bgr_to_i420(read_bgr(file));
    I420Buffer processed(in.width, in.height);
    FrameResult result{};
    const I420Image o = processed.image();
    pass.process(in.y.data(), in.width, in.u.data(), (in.width + 1) / 2, in.v.data(), (in.width + 1) / 2, in.width,
                 in.height, o.y, o.stride_y, o.u, o.stride_u, o.v, o.stride_v, o.width, o.height,
                 frame++ * 1000000 / fps, &result);
    const float w = static_cast<float>(in.width), h = static_cast<float>(in.height);
    json.begin_object().key("file").value(file_name(file)).key("width").value(in.width).key("height").value(in.height);
    json.key("ms").value(result.timings.total_ms).key("shield").value(result.shields_drawn > 0);
    json.key("hands").begin_array();
    for (int i = 0; i < result.hand_count; ++i) {
      const HandResult& hand = result.hands[i];
      json.begin_object().key("handedness").value(hand.right_handed ? "Right" : "Left");
      json.key("score").value(hand.handedness_score);
      json.key("open")
          .value(hand.state == static_cast<int>(HandState::kShield))
          .key("open_score")
          .value(hand.open_score);
      json.key("landmarks").begin_array();
      for (int k = 0; k < kNumLandmarks; ++k) {
        json.begin_array()
            .value(hand.landmarks[3 * k] / w)
            .value(hand.landmarks[3 * k + 1] / h)
            .value(hand.landmarks[3 * k + 2] / w)
            .end_array();
      }
      json.end_array().end_object();
    }
    json.end_array().end_object();
  }
  json.end_array().end_object();
  out << '\n';
  if (!out) throw std::runtime_error("writing " + out_path + " failed");
  std::cout << "wrote " << files.size() << " images to " << out_path << '\n';
  return 0;
}

}  // namespace magicshield::cli
