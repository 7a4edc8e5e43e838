#include "landmark_overlay.h"

#include <utility>

#include "line_renderer.h"

namespace magicshield {

void draw_landmark_overlay(const I420Image& frame, const Landmarks& lm) {
  // MediaPipe's hand connections: the thumb and four fingers from the wrist, and the palm's knuckle line.
  static const std::pair<int, int> kBones[] = {
      {0, 1},   {1, 2},  {2, 3},   {3, 4},   {0, 5},   {5, 6},   {6, 7},  {7, 8},   {5, 9},   {9, 10},  {10, 11},
      {11, 12}, {9, 13}, {13, 14}, {14, 15}, {15, 16}, {13, 17}, {0, 17}, {17, 18}, {18, 19}, {19, 20},
  };
  const Stroke bone{2.f, rgb_to_yuv(40.f, 220.f, 90.f), 0.9f};
  const Stroke joint{6.f, rgb_to_yuv(255.f, 40.f, 200.f), 1.f};
  for (const auto& [a, b] : kBones) draw_segment(frame, xy(lm[a]), xy(lm[b]), bone);
  for (const Landmark& l : lm) draw_segment(frame, xy(l), xy(l), joint);
}

}  // namespace magicshield
