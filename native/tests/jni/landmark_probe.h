// Diagnostics: the landmark model alone, on exactly the crop the frame pass would make, so that its results
// can be checked against another runtime (Google's TFLite) on identical input. Test-only (magicshield_probes):
// the C++ tests and the tests' JNI library use it; the core and the production binding do not.
#pragma once

#include <cstdint>
#include <memory>

namespace magicshield {

constexpr int kLandmarkCropSize = 224;
constexpr int kLandmarkCropValues = 3 * kLandmarkCropSize * kLandmarkCropSize;
constexpr int kLandmarkProbeOutputs = 21 * 3 + 2;

class LandmarkProbe {
 public:
  explicit LandmarkProbe(int complexity);  // 0 lite, 1 full
  ~LandmarkProbe();
  LandmarkProbe(const LandmarkProbe&) = delete;
  LandmarkProbe& operator=(const LandmarkProbe&) = delete;

  // Copies the frame and runs palm detection on it; returns how many hand ROIs were found, best first.
  int detect(const std::uint8_t* y, int stride_y, const std::uint8_t* u, int stride_u, const std::uint8_t* v,
             int stride_v, int width, int height);
  // The model's input for ROI `index`: a 1x3x224x224 RGB tensor in [0, 1] (kLandmarkCropValues floats).
  void crop(int index, float* nchw);
  // The model on a tensor: 21 x (x, y, z) in crop pixels, presence, then handedness as the raw model output
  // (probability that the crop shows a right hand as it appears): kLandmarkProbeOutputs floats.
  void infer(const float* nchw, float* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace magicshield
