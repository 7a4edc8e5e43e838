// magicshield-cli: the native core from the command line (landmarks, render, mask, bench).
#include <cstring>
#include <exception>
#include <iostream>

#include "commands.h"

namespace {

const char* kUsage =
    "usage: magicshield-cli <command> [options]\n"
    "\n"
    "  landmarks --images DIR --out FILE.json [--model full|lite] [--max-hands N] [--mode image|video]\n"
    "            [--fps N] [--mirror] [--models DIR] [--backend auto|cpu|cuda] [--engine tflite|opencv]\n"
    "      hand landmarks of every image, in the schema of MediaPipe's reference files\n"
    "  render    --images DIR --out DIR [--mode image|video] [--model full|lite] [--max-hands N] [--fps N]\n"
    "            [--mirror] [--debug] [--no-lines] [--background blur|scene|FILE] [--models DIR] [--sprites DIR]\n"
    "            [--backend auto|cpu|cuda] [--engine tflite|opencv]\n"
    "      every image with the effect drawn, the background behind the person replaced when asked (blurred, the\n"
    "      generated scene, or the image FILE)\n"
    "  mask      --images DIR --out DIR [--model general|landscape] [--models DIR] [--engine tflite|opencv]\n"
    "      every image's person mask (MediaPipe's selfie segmentation) as an 8-bit PNG at the image's size,\n"
    "      value = 255 x confidence\n"
    "  bench     --images DIR [--mode image|video] [--model full|lite] [--width W --height H] [--frames N]\n"
    "            [--warmup N] [--max-hands N] [--threads N] [--inference-interval MS] [--redetect-interval MS]\n"
    "            [--models DIR] [--sprites DIR]\n"
    "            [--backend auto|cpu|cuda] [--background blur|scene|FILE] [--pipelined] [--engine tflite|opencv]\n"
    "      per-stage timings (median, p90, mean per frame timed); ends with frame_ms_p50=<ms>; --pipelined runs\n"
    "      the models beside the frame with frames at --fps in real time; --redetect-interval: how often to look\n"
    "      for more hands while some are tracked (the effect's redetect_interval_ms)\n"
    "\n"
    "  --mode image treats every image alone; video tracks hands across the naturally sorted frames.\n"
    "  --backend: auto (the default) uses CUDA where this build has it and a GPU can run it, else the CPU.\n"
    "  --engine: tflite (the default, as on the server; OpenCV DNN on the cuda backend) runs the models on TFLite's\n"
    "      XNNPACK delegate from --tflite-library PATH (default: the library the build unpacked), each network on\n"
    "      --threads threads (1 by default, as the server); opencv runs them on OpenCV DNN with our layers.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace magicshield::cli;
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  try {
    if (command == "landmarks") return run_landmarks(argc, argv);
    if (command == "render") return run_render(argc, argv);
    if (command == "bench") return run_bench(argc, argv);
    if (command == "mask") return run_mask(argc, argv);
    throw UsageError("unknown command '" + command + "'");
  } catch (const UsageError& e) {
    std::cerr << "magicshield-cli: " << e.what() << "\n\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "magicshield-cli " << command << ": " << e.what() << '\n';
    return 1;
  }
}
