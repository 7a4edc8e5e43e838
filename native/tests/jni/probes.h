// What the tests' JNI library (io.magicshield.core.probe.ProbeNative) maps: looks inside the core that the
// production header and binding do not offer.
#pragma once

#include <cstdint>

#include "landmark_probe.h"
#include "network_probe.h"
#include "segmentation_probe.h"

namespace magicshield::testing {

// The address a plane parameter arrives at, for a parameter mapped as the frame pass's planes are.
inline std::uintptr_t plane_address(const std::uint8_t* plane) { return reinterpret_cast<std::uintptr_t>(plane); }

}  // namespace magicshield::testing
