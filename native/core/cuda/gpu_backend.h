// The CUDA compute backend's pieces outside the kernels (CUDA builds only): the frame pass's pixel work on the GPU.
// The probe for a usable GPU is probe_cuda() (compute_backend.h), defined in gpu_backend.cpp.
#pragma once

#include <memory>

#include "pixel_backend.h"

namespace magicshield {

// Per frame: one upload of the input planes (the mirrored copy made on the GPU), model inputs sampled there,
// the shields composited there, one download into the output planes in finish().
std::unique_ptr<PixelBackend> make_cuda_pixel_backend();

}  // namespace magicshield
