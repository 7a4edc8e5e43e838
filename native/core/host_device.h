// Marks the inline pixel maths that the CPU code and the CUDA kernels share, so each formula exists once.
#pragma once

#ifdef __CUDACC__
#define MAGICSHIELD_HOST_DEVICE __host__ __device__
#else
#define MAGICSHIELD_HOST_DEVICE
#endif
