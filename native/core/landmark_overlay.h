// Debug overlay: the hand skeleton and the 21 landmarks, to see what the tracker sees.
#pragma once

#include "geometry.h"
#include "i420.h"

namespace magicshield {

void draw_landmark_overlay(const I420Image& frame, const Landmarks& landmarks);

}  // namespace magicshield
