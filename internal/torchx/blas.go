package torchx

// #cgo LDFLAGS: -ldl
// #include "blas.h"
import "C"

// SetBLASThreads sets the thread count of OpenBLAS, the BLAS that libtorch
// calls for matrix products when scripts/setup.sh selected it, and
// reports whether it could (false with another BLAS). OpenBLAS's threads
// are its own, beside libtorch's intra-op threads (SetNumThreads): on a
// machine with few cores the two pools can oversubscribe it.
func SetBLASThreads(n int) bool { return C.tx_blas_set_threads(C.int(n)) != 0 }

// BLASThreads is OpenBLAS's thread count, 0 when the BLAS is not OpenBLAS.
func BLASThreads() int { return int(C.tx_blas_threads()) }
