// The pixel work of one frame pass on one compute backend: the mirrored copy of the input into the output, the
// model inputs, and all drawing (hand lines, shields, landmark overlay), in the order it is asked for, so that both
// backends draw the same picture. On the CPU it works on the caller's planes; on the GPU (cuda/gpu_backend.cpp) on
// a copy of them uploaded once per frame, downloaded into the output by finish().
#pragma once

#include <memory>

#include "background_compositor.h"
#include "compute_backend.h"
#include "geometry.h"
#include "i420.h"
#include "model_input.h"
#include "shield_renderer.h"
#include "shield_sprites.h"

namespace magicshield {

class PixelBackend {
 public:
  virtual ~PixelBackend() = default;

  // Starts a frame: the output becomes the input, at the output's size (resample_i420) and mirrored when asked.
  virtual void copy(const I420View& in, const I420Image& out, bool mirror) = 0;
  // A model input from this frame's input planes, with sample_rgb_tensor's contract.
  virtual void sample_tensor(const I420View& frame, bool mirror, const RotatedRect& roi, int out_width, int out_height,
                             Border border, TensorLayout layout, float* tensor) = 0;
  // Replaces the background of the frame so far where `person` (in the frame's orientation) finds no person; drawn
  // before the effect, which goes on top.
  virtual void composite_background(const PersonMask& person, Background mode,
                                    const std::shared_ptr<const BackgroundScene>& scene) = 0;
  // Placements and landmarks are in input pixels; the backend maps them onto its output.
  virtual void draw_hand_lines(const Landmarks& landmarks) = 0;
  virtual void draw_shield(const std::shared_ptr<const ShieldSprites>& sprites, const ShieldPlacement& placement) = 0;
  virtual void draw_landmark_overlay(const Landmarks& landmarks) = 0;
  // Ends the frame's pixel work: the output planes hold the copy and everything drawn on it.
  virtual void finish() = 0;
};

// For CUDA this needs a library built with it (std::logic_error otherwise); whether a GPU can run it is
// cuda_unavailable_reason()'s business.
std::unique_ptr<PixelBackend> make_pixel_backend(ComputeBackend backend);

}  // namespace magicshield
