// The public Engine API: process-wide models and sprites.
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <opencv2/core.hpp>

#include "background_scene.h"
#include "compute_backend.h"
#include "magicshield/magicshield.h"
#include "model_store.h"
#include "shield_sprites.h"
#include "tflite_runtime.h"

namespace magicshield {
namespace {

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read " + path);
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

void Engine::load_model(ModelKind kind, const std::uint8_t* data, std::size_t size) {
  if (data == nullptr) throw std::invalid_argument("model bytes are null");
  ModelStore::instance().load(kind, std::vector<std::uint8_t>(data, data + size));
}

void Engine::load_model_file(ModelKind kind, const std::string& path) {
  ModelStore::instance().load(kind, read_file(path));
}

void Engine::load_sprites(const std::uint8_t* clockwise_png, std::size_t clockwise_size,
                          const std::uint8_t* counter_png, std::size_t counter_size) {
  ShieldSprites::set_current(std::make_shared<const ShieldSprites>(
      ShieldSprites::decode(clockwise_png, clockwise_size, counter_png, counter_size)));
}

void Engine::load_sprite_files(const std::string& clockwise_path, const std::string& counter_path) {
  const std::vector<std::uint8_t> cw = read_file(clockwise_path);
  const std::vector<std::uint8_t> ccw = read_file(counter_path);
  load_sprites(cw.data(), cw.size(), ccw.data(), ccw.size());
}

void Engine::load_background_scene(const std::uint8_t* image, std::size_t size) {
  BackgroundScene::set_current(std::make_shared<const BackgroundScene>(BackgroundScene::decode(image, size)));
}

void Engine::load_background_scene_file(const std::string& path) {
  const std::vector<std::uint8_t> bytes = read_file(path);
  load_background_scene(bytes.data(), bytes.size());
}

bool Engine::has_model(ModelKind kind) { return ModelStore::instance().has(kind); }

bool Engine::has_background_scene() { return BackgroundScene::current() != nullptr; }

bool Engine::has_sprites() { return ShieldSprites::current() != nullptr; }

void Engine::set_inference_threads(int threads) {
  if (threads < 0) throw std::invalid_argument("inference threads must be >= 0");
  cv::setNumThreads(threads == 0 ? -1 : threads);
}

void Engine::set_max_networks_per_model(int count) { ModelStore::instance().set_max_networks(count); }

void Engine::set_backend(const std::string& name) { request_backend(name); }

std::string Engine::backend() { return backend_name(current_backend()); }

void Engine::set_inference_engine(const std::string& name, const std::string& tflite_library, int threads) {
  if (name == "opencv") {
    use_tflite_engine(nullptr, 1);
  } else if (name == "tflite") {
    if (threads < 1) throw std::invalid_argument("TFLite threads must be >= 1");
    use_tflite_engine(TfliteRuntime::load(tflite_library), threads);
  } else {
    throw std::invalid_argument("the inference engine must be tflite or opencv, not '" + name + "'");
  }
}

std::string Engine::inference_engine() { return tflite_engine().runtime ? "tflite" : "opencv"; }

std::string Engine::describe() {
  std::ostringstream out;
  const TfliteEngineChoice tflite = tflite_engine();
  out << "magicshield native core, OpenCV " << CV_VERSION << ", backend: " << describe_backend()
      << ", inference engine: "
      << (tflite.runtime ? "tflite (XNNPACK, " + std::to_string(tflite.threads) +
                               (tflite.threads == 1 ? " thread" : " threads") + " per network)"
                         : "opencv")
      << ", models:";
  for (int k = 0; k < kModelKinds; ++k) {
    if (has_model(static_cast<ModelKind>(k))) out << ' ' << model_name(static_cast<ModelKind>(k));
  }
  const auto sprites = ShieldSprites::current();
  out << ", sprites: " << (sprites ? std::to_string(sprites->clockwise.levels[0].size) + " px" : "none")
      << ", background scene: " << (BackgroundScene::current() ? "loaded" : "none")
      << ", inference threads: " << cv::getNumThreads()
      << ", networks per model: " << ModelStore::instance().max_networks();
  return out.str();
}

}  // namespace magicshield
