package torchx

// #cgo CXXFLAGS: -std=c++17 -O2 -w -I/usr/include/torch/csrc/api/include
// #cgo LDFLAGS: -ltorch -ltorch_cpu -lc10
// #include <stdlib.h>
// #include "torchx.h"
import "C"

import (
	"fmt"
	"unsafe"

	torch "github.com/wangkuiyi/gotorch"
)

// Error is a libtorch exception or a misuse caught by this package.
type Error struct {
	Op  string // the torchx operation, "grad" or "jit load"
	Msg string // libtorch's message without its C++ backtrace
}

func (e *Error) Error() string { return "torchx: " + e.Op + ": " + e.Msg }

// check turns a message from torchx.h into an *Error and frees it.
func check(op string, msg *C.char) error {
	if msg == nil {
		return nil
	}
	defer C.free(unsafe.Pointer(msg))
	return &Error{Op: op, Msg: C.GoString(msg)}
}

// must panics with the *Error of a failed operation.
func must(op string, msg *C.char) {
	if err := check(op, msg); err != nil {
		panic(err)
	}
}

// handle returns the at::Tensor pointer of t; an undefined gotorch tensor is
// reported as an *Error naming the operation.
func handle(op string, t torch.Tensor) (C.TxTensor, error) {
	if t.T == nil || *t.T == nil {
		return nil, &Error{Op: op, Msg: "undefined tensor"}
	}
	return C.TxTensor(*t.T), nil
}

// handles returns the at::Tensor pointers of ts, in a Go slice that holds no
// Go pointers and so may be passed to C.
func handles(op string, ts []torch.Tensor) ([]C.TxTensor, error) {
	hs := make([]C.TxTensor, len(ts))
	for i, t := range ts {
		h, err := handle(op, t)
		if err != nil {
			return nil, &Error{Op: op, Msg: fmt.Sprintf("tensor %d is undefined", i)}
		}
		hs[i] = h
	}
	return hs, nil
}

// first returns a pointer to the first element of hs, or nil when empty.
func first(hs []C.TxTensor) *C.TxTensor {
	if len(hs) == 0 {
		return nil
	}
	return &hs[0]
}

// wrap hands a tensor allocated by torchx.h to gotorch's finalizers.
func wrap(h C.TxTensor) torch.Tensor {
	p := unsafe.Pointer(h)
	torch.SetTensorFinalizer(&p)
	return torch.Tensor{T: &p}
}

// mustHandle is handle for the panicking operations.
func mustHandle(op string, t torch.Tensor) C.TxTensor {
	h, err := handle(op, t)
	if err != nil {
		panic(err)
	}
	return h
}
