// Loads MediaPipe's models (and the shield sprites) into the process-wide Engine once, from the folders CMake
// passes in. Tests that need them call require_models(), which skips loudly when the folder is missing (a bare
// CMake build without Maven's unpacked models).
#pragma once

#include <filesystem>
#include <string>

#include "magicshield/magicshield.h"
#include "test_harness.h"

namespace mstest {

inline std::string model_path(const char* name) { return std::string(MAGICSHIELD_TEST_MODEL_DIR) + "/" + name; }

inline void require_models() {
  using magicshield::Engine;
  using magicshield::ModelKind;
  static bool loaded = false;
  if (loaded) return;
  if (!std::filesystem::exists(model_path("palm_detection_full.tflite"))) {
    SKIP_WITHOUT_BUILD_ASSET("no models in " MAGICSHIELD_TEST_MODEL_DIR
                             " (build with Maven, or set MAGICSHIELD_MODEL_DIR)");
  }
  Engine::load_model_file(ModelKind::kPalmFull, model_path("palm_detection_full.tflite"));
  Engine::load_model_file(ModelKind::kLandmarkFull, model_path("hand_landmark_full.tflite"));
  Engine::load_model_file(ModelKind::kPalmLite, model_path("palm_detection_lite.tflite"));
  Engine::load_model_file(ModelKind::kLandmarkLite, model_path("hand_landmark_lite.tflite"));
  loaded = true;
}

// Both selfie segmentation models (and the generated scene, when `scene`).
inline void require_segmentation_models() {
  using magicshield::Engine;
  using magicshield::ModelKind;
  static bool loaded = false;
  if (loaded) return;
  if (!std::filesystem::exists(model_path("selfie_segmentation.tflite"))) {
    SKIP_WITHOUT_BUILD_ASSET("no segmentation models in " MAGICSHIELD_TEST_MODEL_DIR
                             " (build with Maven, or set MAGICSHIELD_MODEL_DIR)");
  }
  Engine::load_model_file(ModelKind::kSegmentationGeneral, model_path("selfie_segmentation.tflite"));
  Engine::load_model_file(ModelKind::kSegmentationLandscape, model_path("selfie_segmentation_landscape.tflite"));
  loaded = true;
}

inline void require_scene() {
  static bool loaded = false;
  if (loaded) return;
  const std::string file = std::string(MAGICSHIELD_TEST_SPRITE_DIR) + "/background_sanctum.png";
  if (!std::filesystem::exists(file)) {
    SKIP_WITHOUT_BUILD_ASSET("no background scene in " MAGICSHIELD_TEST_SPRITE_DIR
                             " (build with Maven, or set MAGICSHIELD_SPRITE_DIR)");
  }
  magicshield::Engine::load_background_scene_file(file);
  loaded = true;
}

inline void require_sprites() {
  static bool loaded = false;
  if (loaded) return;
  const std::string dir = MAGICSHIELD_TEST_SPRITE_DIR;
  if (!std::filesystem::exists(dir + "/shield_outer_cw.png")) {
    SKIP_WITHOUT_BUILD_ASSET("no shield sprites in " MAGICSHIELD_TEST_SPRITE_DIR
                             " (build with Maven, or set MAGICSHIELD_SPRITE_DIR)");
  }
  magicshield::Engine::load_sprite_files(dir + "/shield_outer_cw.png", dir + "/shield_inner_ccw.png");
  loaded = true;
}

}  // namespace mstest
