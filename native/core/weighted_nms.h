// MediaPipe's weighted non-maximum suppression (NonMaxSuppressionCalculator, algorithm WEIGHTED, IoU):
// overlapping detections are blended, weighted by score, instead of dropped, which steadies the boxes.
#pragma once

#include <vector>

#include "palm_detection.h"

namespace magicshield {

float box_iou(const PalmDetection& a, const PalmDetection& b);

// Returns the merged detections, highest score first; each keeps the score of its best member.
std::vector<PalmDetection> weighted_nms(std::vector<PalmDetection> detections, float iou_threshold);

}  // namespace magicshield
