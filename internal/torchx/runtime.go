package torchx

// #include <stdlib.h>
// #include "torchx.h"
import "C"

import (
	"unsafe"
)

// SetNumThreads sets libtorch's intra-op thread count for the process.
// Values below 1 are raised to 1.
func SetNumThreads(n int) {
	if n < 1 {
		n = 1
	}
	C.tx_set_num_threads(C.int(n))
}

// NumThreads is libtorch's intra-op thread count.
func NumThreads() int { return int(C.tx_get_num_threads()) }

// ManualSeed seeds libtorch's default CPU generator and, where CUDA is
// present, every CUDA generator, like torch.manual_seed.
func ManualSeed(seed uint64) { C.tx_manual_seed(C.uint64_t(seed)) }

// CPURNGState returns the state of libtorch's default CPU generator, like
// torch.get_rng_state(), for checkpoints.
func CPURNGState() ([]byte, error) {
	var data *C.uint8_t
	var n C.int64_t
	if err := check("rng state", C.tx_cpu_rng_state(&data, &n)); err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(data))
	return C.GoBytes(unsafe.Pointer(data), C.int(n)), nil
}

// SetCPURNGState restores a state returned by CPURNGState.
func SetCPURNGState(state []byte) error {
	if len(state) == 0 {
		return &Error{Op: "set rng state", Msg: "empty state"}
	}
	return check("set rng state", C.tx_set_cpu_rng_state(
		(*C.uint8_t)(unsafe.Pointer(&state[0])), C.int64_t(len(state))))
}

// Version is the version of the libtorch headers sgan was compiled with.
func Version() string {
	var s *C.char
	if err := check("version", C.tx_version(&s)); err != nil {
		return "unknown"
	}
	defer C.free(unsafe.Pointer(s))
	return C.GoString(s)
}

// Config is libtorch's build configuration and parallel settings
// (at::show_config and at::get_parallel_info), for `sgan version`.
func Config() string {
	var s *C.char
	if err := check("config", C.tx_config(&s)); err != nil {
		return err.Error()
	}
	defer C.free(unsafe.Pointer(s))
	return C.GoString(s)
}
