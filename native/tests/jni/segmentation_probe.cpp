#include "segmentation_probe.h"

#include <algorithm>
#include <stdexcept>

#include "model_input.h"
#include "person_segmenter.h"

namespace magicshield {

SegmentationProbe::SegmentationProbe(int kind)
    : segmenter_(std::make_unique<PersonSegmenter>(static_cast<ModelKind>(kind), sample_rgb_tensor)) {}

SegmentationProbe::~SegmentationProbe() = default;

int SegmentationProbe::input_width() const { return segmenter_->input_size().width; }

int SegmentationProbe::input_height() const { return segmenter_->input_size().height; }

void SegmentationProbe::input(const std::uint8_t* y, int stride_y, const std::uint8_t* u, int stride_u,
                              const std::uint8_t* v, int stride_v, int width, int height, float* nchw) {
  const std::vector<float>& tensor = segmenter_->input({y, stride_y, u, stride_u, v, stride_v, width, height}, false);
  std::copy(tensor.begin(), tensor.end(), nchw);
}

void SegmentationProbe::infer(const float* nchw, float* out) {
  const PersonMask mask = segmenter_->infer(nchw);
  std::copy(mask.probability.begin(), mask.probability.end(), out);
}

}  // namespace magicshield
