// MediaPipe's custom TFLite op Convolution2DTransposeBias (mediapipe/util/tflite/operations/transpose_conv_bias.cc),
// which ends both selfie segmentation models: a transposed convolution plus a bias, its padding and stride in the
// op's custom options ({padding, stride_width, stride_height} as three int32). OpenCV's TFLite importer reads those
// options into a "Deconvolution" layer's parameters (pad_mode, stride_w, stride_h); this layer, registered under
// that type, computes the op as MediaPipe defines it: output side stride * (in - 1) + kernel - padding, where SAME
// padding is max(0, kernel - (in - 1) % stride - 1) and the first padding / 2 output pixels are cut at the top and
// left. A following sigmoid (the models' last layer) is applied in the same pass. Deconvolutions it does not cover
// (groups, dilation, explicit pads) get OpenCV's own layer.
#pragma once

namespace magicshield {

// Idempotent; call before creating CPU networks.
void register_transpose_conv_bias_layer();

// The op's output side for an input side, per MediaPipe's Prepare(); `same` is SAME padding (else VALID).
int transpose_conv_output_size(int in, int kernel, int stride, bool same);

}  // namespace magicshield
