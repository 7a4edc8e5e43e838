// Small geometry types shared by the stages. All coordinates are pixels of the (mirrored, if mirroring)
// frame the effect is drawn on, continuous: pixel (i, j) covers [i, i+1) x [j, j+1), its centre is at
// (i + 0.5, j + 0.5), and the frame spans [0, width] x [0, height]. This is the convention of MediaPipe's
// normalised coordinates times the image size (and of its GPU image-to-tensor path).
#pragma once

#include <array>
#include <cmath>

#include "magicshield/magicshield.h"

namespace magicshield {

constexpr float kPi = 3.14159265358979323846f;

struct Point2 {
  float x = 0.f;
  float y = 0.f;
};

inline Point2 operator+(Point2 a, Point2 b) { return {a.x + b.x, a.y + b.y}; }
inline Point2 operator-(Point2 a, Point2 b) { return {a.x - b.x, a.y - b.y}; }
inline Point2 operator*(Point2 a, float s) { return {a.x * s, a.y * s}; }
inline float distance(Point2 a, Point2 b) { return std::hypot(a.x - b.x, a.y - b.y); }

// A rectangle rotated by `rotation` radians about its centre; positive turns the x axis towards +y
// (clockwise on screen), as MediaPipe's NormalizedRect.rotation.
struct RotatedRect {
  float cx = 0.f;
  float cy = 0.f;
  float width = 0.f;
  float height = 0.f;
  float rotation = 0.f;
};

struct Landmark {
  float x = 0.f;
  float y = 0.f;
  float z = 0.f;
};
using Landmarks = std::array<Landmark, kNumLandmarks>;

inline Point2 xy(const Landmark& l) { return {l.x, l.y}; }

// MediaPipe's landmark indices used by the effect and the tracker.
enum LandmarkIndex : int {
  kWrist = 0,
  kThumbCmc = 1,
  kThumbTip = 4,
  kIndexMcp = 5,
  kIndexTip = 8,
  kMiddleMcp = 9,
  kMiddleTip = 12,
  kRingMcp = 13,
  kRingTip = 16,
  kPinkyMcp = 17,
  kPinkyTip = 20,
};

// Wraps an angle into [-pi, pi).
inline float normalize_radians(float angle) { return angle - 2.f * kPi * std::floor((angle + kPi) / (2.f * kPi)); }

}  // namespace magicshield
