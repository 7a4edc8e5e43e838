#include <filesystem>
#include <stdexcept>

#include "commands.h"

namespace magicshield::cli {
namespace fs = std::filesystem;

namespace {

std::string existing_file(const fs::path& path, const std::string& what, const std::string& option) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    throw std::runtime_error(what + " not found: " + path.string() + " (build the models/assets modules, or pass " +
                             option + " DIR)");
  }
  return path.string();
}

}  // namespace

int model_complexity(const Arguments& args) { return args.choice("model", "full", {"full", "lite"}) == "full" ? 1 : 0; }

void choose_inference_engine(const Arguments& args) {
  const std::string engine =
      args.choice("engine", Engine::backend() == "cuda" ? "opencv" : "tflite", {"tflite", "opencv"});
  if (engine == "opencv") {
    Engine::set_inference_engine("opencv", "", 1);
    return;
  }
  const std::string library = args.text("tflite-library", MAGICSHIELD_DEFAULT_TFLITE_LIBRARY);
  std::error_code ec;
  if (library.empty() || !fs::is_regular_file(library, ec)) {
    throw std::runtime_error("TFLite library not found: '" + library +
                             "' (build the native module, pass --tflite-library PATH, or --engine opencv)");
  }
  Engine::set_inference_engine("tflite", library, args.has("threads") ? args.integer("threads", 1, 1, 256) : 1);
}

void load_engine(const Arguments& args, int complexity, bool sprites) {
  Engine::set_backend(args.choice("backend", "auto", {"auto", "cpu", "cuda"}));
  choose_inference_engine(args);
  const fs::path models = args.text("models", MAGICSHIELD_DEFAULT_MODEL_DIR);
  const char* suffix = complexity == 1 ? "full" : "lite";
  Engine::load_model_file(
      complexity == 1 ? ModelKind::kPalmFull : ModelKind::kPalmLite,
      existing_file(models / (std::string("palm_detection_") + suffix + ".tflite"), "model", "--models"));
  Engine::load_model_file(
      complexity == 1 ? ModelKind::kLandmarkFull : ModelKind::kLandmarkLite,
      existing_file(models / (std::string("hand_landmark_") + suffix + ".tflite"), "model", "--models"));
  if (sprites) {
    const fs::path dir = args.text("sprites", MAGICSHIELD_DEFAULT_SPRITE_DIR);
    Engine::load_sprite_files(existing_file(dir / "shield_outer_cw.png", "sprite", "--sprites"),
                              existing_file(dir / "shield_inner_ccw.png", "sprite", "--sprites"));
  }
}

void load_segmentation_models(const Arguments& args) {
  const fs::path models = args.text("models", MAGICSHIELD_DEFAULT_MODEL_DIR);
  Engine::load_model_file(ModelKind::kSegmentationGeneral,
                          existing_file(models / "selfie_segmentation.tflite", "model", "--models"));
  Engine::load_model_file(ModelKind::kSegmentationLandscape,
                          existing_file(models / "selfie_segmentation_landscape.tflite", "model", "--models"));
}

std::string background_argument(const Arguments& args) {
  const std::string background = args.text("background", "off");
  std::error_code ec;
  if (background != "off" && background != "blur" && background != "scene" && !fs::is_regular_file(background, ec)) {
    throw UsageError("--background must be blur, scene or an image file; there is no file " + background);
  }
  return background;
}

Background load_background(const Arguments& args, const std::string& background) {
  if (background == "off") return Background::kOff;
  load_segmentation_models(args);
  if (background == "blur") return Background::kBlur;
  if (background == "scene") {
    const fs::path dir = args.text("sprites", MAGICSHIELD_DEFAULT_SPRITE_DIR);
    Engine::load_background_scene_file(existing_file(dir / "background_sanctum.png", "scene", "--sprites"));
  } else {
    Engine::load_background_scene_file(background);
  }
  return Background::kScene;
}

EffectOptions options_for_mode(const std::string& mode, int complexity, int max_hands, bool mirror) {
  EffectOptions o;
  o.model = complexity;
  o.max_hands = max_hands;
  o.mirror = mirror;
  if (mode == "image") {
    // Every image alone: no tracking, no smoothing, no fade (there is no time between images).
    o.tracking = false;
    o.smoothing = false;
    o.fade_ms = 0.f;
  }
  return o;
}

}  // namespace magicshield::cli
