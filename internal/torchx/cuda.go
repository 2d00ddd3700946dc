package torchx

// #include "torchx.h"
import "C"

import (
	"runtime"
)

// CUDACompiled reports whether this layer was compiled against a CUDA
// libtorch (scripts/setup.sh with LIBTORCH set to a CUDA build).
func CUDACompiled() bool { return C.tx_cuda_compiled() != 0 }

// CUDAAvailable reports whether libtorch sees a usable CUDA device.
func CUDAAvailable() bool { return C.tx_cuda_available() != 0 }

// CUDADeviceCount is the number of CUDA devices libtorch sees.
func CUDADeviceCount() int { return int(C.tx_cuda_device_count()) }

// Stream is a CUDA stream from libtorch's pool, one per local pair and one
// for the global pair, so their kernels overlap on the GPU.
type Stream struct {
	h C.TxStream
}

// NewStream takes a stream of CUDA device dev from libtorch's pool. Without
// CUDA it returns an error that says how to get a CUDA build.
func NewStream(dev int) (*Stream, error) {
	var h C.TxStream
	if err := check("cuda stream", C.tx_stream_new(C.int(dev), &h)); err != nil {
		return nil, err
	}
	return &Stream{h: h}, nil
}

// Enter makes s the current CUDA stream of the calling goroutine until exit
// is called, after which the previous stream is current again. libtorch's
// current stream belongs to an OS thread, so the goroutine stays locked to its
// thread in between.
func (s *Stream) Enter() (exit func() error, err error) {
	runtime.LockOSThread()
	var prev C.TxStream
	if err := check("cuda stream enter", C.tx_stream_enter(s.h, &prev)); err != nil {
		runtime.UnlockOSThread()
		return nil, err
	}
	return func() error {
		defer runtime.UnlockOSThread()
		return check("cuda stream exit", C.tx_stream_exit(prev))
	}, nil
}

// Synchronize waits until every kernel queued on s has finished.
func (s *Stream) Synchronize() error {
	return check("cuda stream synchronize", C.tx_stream_synchronize(s.h))
}

// Close releases the handle (the pool's stream itself lives on).
func (s *Stream) Close() {
	C.tx_stream_free(s.h)
	s.h = nil
}
