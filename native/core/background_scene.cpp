#include "background_scene.h"

#include <mutex>
#include <stdexcept>
#include <string>

#include <opencv2/imgcodecs.hpp>

#include "magicshield/magicshield.h"

namespace magicshield {
namespace {

std::mutex current_mutex;
std::shared_ptr<const BackgroundScene> current_scene;

}  // namespace

BackgroundScene BackgroundScene::decode(const std::uint8_t* data, std::size_t size) {
  if (data == nullptr || size == 0) throw std::invalid_argument("background scene: no image bytes");
  const cv::Mat bytes(1, static_cast<int>(size), CV_8U, const_cast<std::uint8_t*>(data));
  BackgroundScene scene;
  scene.bgr = cv::imdecode(bytes, cv::IMREAD_COLOR);
  if (scene.bgr.empty()) throw std::invalid_argument("background scene: not a PNG or JPEG image");
  if (scene.bgr.cols < 16 || scene.bgr.rows < 16 || scene.bgr.cols > kMaxFrameSide || scene.bgr.rows > kMaxFrameSide) {
    throw std::invalid_argument("background scene: " + std::to_string(scene.bgr.cols) + "x" +
                                std::to_string(scene.bgr.rows) + " is outside 16.." + std::to_string(kMaxFrameSide));
  }
  return scene;
}

std::shared_ptr<const BackgroundScene> BackgroundScene::current() {
  std::lock_guard<std::mutex> lock(current_mutex);
  return current_scene;
}

void BackgroundScene::set_current(std::shared_ptr<const BackgroundScene> scene) {
  std::lock_guard<std::mutex> lock(current_mutex);
  current_scene = std::move(scene);
}

}  // namespace magicshield
