// A faster OpenCV DNN layer for the 5x5 depthwise convolutions of MediaPipe's hand models. OpenCV 4.11 runs
// them through a generic path at a few GFLOP/s: on this 2-core machine they took 55% of the landmark model's time
// and 73% of the palm detector's. Registered under OpenCV's own "Convolution" type, it takes over only the
// depthwise 5x5 layers of networks created afterwards and hands every other convolution to OpenCV's layer.
#pragma once

namespace magicshield {

// Idempotent; call before creating networks.
void register_fast_layers();

}  // namespace magicshield
