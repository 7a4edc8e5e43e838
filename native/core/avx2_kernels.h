// Whether this build can carry AVX2 kernels: x86-64 with GCC or Clang. Code that has them still picks them at run
// time (__builtin_cpu_supports) and keeps a portable path for other CPUs and other builds.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define MAGICSHIELD_HAVE_AVX2_KERNELS 1
#endif
