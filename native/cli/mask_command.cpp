// mask: every image's person mask from MediaPipe's selfie segmentation model, as MediaPipe makes it (the image
// stretched to the model's input, the output stored as 8 bits, scaled bilinearly to the image's size), written as
// an 8-bit grayscale PNG of the same name: value = round(255 x person probability).
#include <filesystem>
#include <iostream>

#include <opencv2/imgcodecs.hpp>

#include "commands.h"
#include "image_io.h"
#include "person_segmenter.h"

namespace magicshield::cli {

int run_mask(int argc, char** argv) {
  const Arguments args(argc, argv, 2, {"images", "out", "model", "models", "engine", "tflite-library"}, {});
  const std::string dir = args.required("images");
  const std::filesystem::path out_dir = args.required("out");
  const ModelKind kind = args.choice("model", "general", {"general", "landscape"}) == "general"
                             ? ModelKind::kSegmentationGeneral
                             : ModelKind::kSegmentationLandscape;
  const std::vector<std::string> files = list_images(dir);
  if (files.empty()) throw std::runtime_error("no .jpg/.jpeg/.png images in " + dir);
  Engine::set_backend("cpu");
  choose_inference_engine(args);
  load_segmentation_models(args);
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) throw std::runtime_error("cannot create " + out_dir.string() + ": " + ec.message());

  PersonSegmenter segmenter(kind, sample_rgb_tensor);
  for (const std::string& file : files) {
    const I420Buffer in = bgr_to_i420(read_bgr(file));
    const cv::Mat mask = mask_image(segmenter.run(in.view(), false), in.width, in.height);
    const std::filesystem::path out = out_dir / std::filesystem::path(file_name(file)).replace_extension(".png");
    if (!cv::imwrite(out.string(), mask)) throw std::runtime_error("cannot write " + out.string());
  }
  std::cout << "wrote " << files.size() << " masks to " << out_dir.string() << '\n';
  return 0;
}

}  // namespace magicshield::cli
