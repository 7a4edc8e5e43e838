// A faster OpenCV DNN layer for the squeeze-and-excitation products of MediaPipe's selfie segmentation models
// (TFLite MUL of a feature map by its per-channel weights, shape 1xCx1x1). OpenCV 4.11 runs them through its generic
// Eltwise product, which broadcasts slowly: on this 2-core machine the ten of them took about a quarter of the
// landscape model's time (0.9 of 3.3 ms single-threaded, 0.38 ms for the largest alone). Registered under OpenCV's
// "Eltwise" type, it takes only products ("prod", which the hand models do not use) and hands sums and the rest to
// OpenCV's layer, so the hand models' fused convolution + add stays as it was.
#pragma once

namespace magicshield {

// Idempotent; call before creating CPU networks.
void register_channel_scale_layer();

}  // namespace magicshield
