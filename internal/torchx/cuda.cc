// cuda.cc: CUDA availability. Streams are in stream.cc.
#include <torch/cuda.h>

#include "errors.h"
#include "torchx.h"

int tx_cuda_compiled(void) {
#ifdef WITH_CUDA
  return 1;
#else
  return 0;
#endif
}

int tx_cuda_available(void) { return torch::cuda::is_available() ? 1 : 0; }

int tx_cuda_device_count(void) {
  return static_cast<int>(torch::cuda::device_count());
}
