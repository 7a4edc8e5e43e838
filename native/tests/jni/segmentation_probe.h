// Diagnostics: a selfie segmentation model alone, on exactly the input the core makes from a frame, so that its
// output can be checked against another runtime (Google's TFLite) on identical input. Test-only (magicshield_probes).
#pragma once

#include <cstdint>
#include <memory>

namespace magicshield {

class PersonSegmenter;

class SegmentationProbe {
 public:
  explicit SegmentationProbe(int kind);  // ModelKind: 4 general, 5 landscape
  ~SegmentationProbe();
  SegmentationProbe(const SegmentationProbe&) = delete;
  SegmentationProbe& operator=(const SegmentationProbe&) = delete;

  int input_width() const;
  int input_height() const;
  // The model's input for the frame (not mirrored): 3 x input_height x input_width floats, NCHW, RGB in [0, 1].
  void input(const std::uint8_t* y, int stride_y, const std::uint8_t* u, int stride_u, const std::uint8_t* v,
             int stride_v, int width, int height, float* nchw);
  // The core's model on a tensor: input_height x input_width person probabilities.
  void infer(const float* nchw, float* out);

 private:
  std::unique_ptr<PersonSegmenter> segmenter_;
};

}  // namespace magicshield
