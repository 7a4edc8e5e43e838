// Background replacement on the I420 planes of the output frame, before the shields are drawn on top: the person
// mask (model resolution) feathered and scaled to each plane, the new background (the frame blurred without the
// person, or the scene) blended in where the mask says no person, the person's own pixels left as they are.
#pragma once

#include <memory>

#include <opencv2/core.hpp>

#include "background_scene.h"
#include "i420.h"
#include "magicshield/magicshield.h"
#include "person_segmenter.h"

namespace magicshield {

// One per frame pass: it keeps its scratch planes and the scene converted at the pass's output size.
class BackgroundCompositor {
 public:
  // `mode` is kBlur, or kScene or kImage with the picture in `scene`; the mask is in the frame's orientation.
  void composite(const I420Image& frame, const PersonMask& mask, Background mode,
                 const std::shared_ptr<const BackgroundScene>& scene);

 private:
  void blurred_background(const I420Image& frame, const cv::Mat& person);
  void scene_background(const I420Image& frame, const std::shared_ptr<const BackgroundScene>& scene);

  cv::Mat alpha_, alpha_y_, alpha_uv_;            // 8-bit person coverage: model size, luma size, chroma size
  cv::Mat planes_[3];                             // the background's Y, U, V at the frame's plane sizes
  std::shared_ptr<const BackgroundScene> scene_;  // the scene planes_ hold, at scene_size_
  cv::Size scene_size_;
};

}  // namespace magicshield
