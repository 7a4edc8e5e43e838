// The CLI's commands and what they share.
#pragma once

#include <string>

#include "arguments.h"
#include "magicshield/magicshield.h"

namespace magicshield::cli {

int run_landmarks(int argc, char** argv);
int run_render(int argc, char** argv);
int run_bench(int argc, char** argv);
int run_mask(int argc, char** argv);

// Chooses the compute backend (--backend auto|cpu|cuda) and the inference engine (choose_inference_engine), loads the
// two models of `complexity` from --models (or the build's model folder) and, when `sprites`, the shield sprites from
// --sprites; fails with the path it tried.
void load_engine(const Arguments& args, int complexity, bool sprites);

// The engine the models run on, as on the server: --engine tflite (the default; TFLite with XNNPACK from
// --tflite-library, or the library the build unpacked, each network on --threads threads, default 1 as the server's)
// or opencv (OpenCV DNN with our layers, the default on the cuda backend, whose GPU only OpenCV DNN uses). Call after
// choosing the backend.
void choose_inference_engine(const Arguments& args);

// Loads both selfie segmentation models from --models (or the build's model folder).
void load_segmentation_models(const Arguments& args);

// --background blur|scene|FILE (off without it), checked: a UsageError for anything else.
std::string background_argument(const Arguments& args);

// Loads what that background needs (the models; for `scene` the generated scene from --sprites, for a FILE that
// image as the scene) and returns the Background to set.
Background load_background(const Arguments& args, const std::string& background);

// --model full|lite
int model_complexity(const Arguments& args);

// Effect options for a photo folder (each image alone) or a clip (frames tracked, timestamps at --fps).
EffectOptions options_for_mode(const std::string& mode, int complexity, int max_hands, bool mirror);

}  // namespace magicshield::cli
