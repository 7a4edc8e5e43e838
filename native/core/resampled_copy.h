// The output picture at a smaller size than the input. When the video sender's bandwidth estimate allows fewer
// pixels, the frame pass writes the smaller picture directly (one area-averaging pass, mirrored when asked) instead
// of a full-size frame that the encoder would have to scale or starve: at 300 kbit/s a 640x480 VP8 stream showed
// 4-10 frames a second, 320x240 keeps 30 (docs/performance.md, "Real networks").
#pragma once

#include "i420.h"

namespace magicshield {

// Whether `out_width` x `out_height` is a size the pass can write for a `width` x `height` input: no larger than
// the input on either side, at least 2x2, and the same shape (each side within a pixel of rounding), so that a round
// shield stays round.
bool valid_output_size(int width, int height, int out_width, int out_height);

// Writes the input into the output at the output's size (area average), mirrored left-right when asked. The
// output's size must pass valid_output_size; an output of the input's size is a plain (mirrored) copy.
void resample_i420(const I420View& in, const I420Image& out, bool mirror);

}  // namespace magicshield
