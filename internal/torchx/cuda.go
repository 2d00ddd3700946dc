package torchx

// #include "torchx.h"
import "C"

// CUDACompiled reports whether this layer was compiled against a CUDA
// libtorch (scripts/setup.sh with LIBTORCH set to a CUDA build).
func CUDACompiled() bool { return C.tx_cuda_compiled() != 0 }

// CUDAAvailable reports whether libtorch sees a usable CUDA device.
func CUDAAvailable() bool { return C.tx_cuda_available() != 0 }

// CUDADeviceCount is the number of CUDA devices libtorch sees.
func CUDADeviceCount() int { return int(C.tx_cuda_device_count()) }
