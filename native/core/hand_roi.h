// Where to look for a hand: the rotated, square region the landmark model crops. MediaPipe derives it from a
// palm detection (palm_detection_detection_to_roi.pbtxt) or, when tracking, from the previous frame's
// landmarks (hand_landmark_landmarks_to_roi.pbtxt). All in frame pixels.
#pragma once

#include "geometry.h"
#include "palm_detection.h"

namespace magicshield {

struct RectTransform {
  float scale_x = 1.f;
  float scale_y = 1.f;
  float shift_x = 0.f;  // in units of the rect's width, along its rotated x axis
  float shift_y = 0.f;  // in units of the rect's height, along its rotated y axis
  bool square_long = true;
};

// MediaPipe's RectTransformationCalculator.
RotatedRect transform_rect(const RotatedRect& rect, const RectTransform& t);

// Rotation that turns the vector from `from` to `to` to point up (MediaPipe's target angle of 90 degrees).
float rotation_to_vertical(Point2 from, Point2 to);

// Palm box + rotation from wrist to middle-finger MCP, scaled 2.6x and shifted up by half its height.
RotatedRect roi_from_palm(const PalmDetection& palm);

// Box around the wrist and the palm's knuckles, rotated by wrist -> MCPs, scaled 2x, shifted up by 0.1.
RotatedRect roi_from_landmarks(const Landmarks& landmarks);

// Intersection over union of the rects' unrotated extents (MediaPipe's AssociationNormRectCalculator).
float rect_iou(const RotatedRect& a, const RotatedRect& b);

}  // namespace magicshield
