package torchx

// #include <stdlib.h>
// #include "train.h"
import "C"

import (
	"runtime"
	"unsafe"

	torch "github.com/wangkuiyi/gotorch"
)

// Generator is a CPU random generator of its own (libtorch's Philox-free
// mt19937 CPU generator, as torch.Generator), so that each pair of SGAN
// draws its noise from its own stream: the local pairs' draws then do not
// depend on whether the global pair or the baseline exists, nor on the
// order in which goroutines run.
//
// The draws are made on the CPU whatever the device of the tensors that
// use them (SetDevice), so that a run draws the same noise on a GPU as on
// a laptop.
type Generator struct {
	h   C.TxGenerator
	dev Device
}

// NewGenerator returns a generator seeded with seed, like
// torch.Generator().manual_seed(seed).
func NewGenerator(seed uint64) *Generator {
	var h C.TxGenerator
	must("generator", C.tx_generator_new(C.uint64_t(seed), &h))
	g := &Generator{h: h}
	runtime.SetFinalizer(g, func(g *Generator) { C.tx_generator_free(g.h) })
	return g
}

// RandN draws a float tensor of the given shape from N(0, 1), like
// torch.randn(*shape, generator=g).
func (g *Generator) RandN(shape ...int64) torch.Tensor {
	var out C.TxTensor
	must("randn", C.tx_randn(g.h, shapePtr(shape), C.int64_t(len(shape)), &out))
	runtime.KeepAlive(g)
	return g.place(wrap(out))
}

// Rand draws a float tensor of the given shape from U[0, 1), like
// torch.rand(*shape, generator=g).
func (g *Generator) Rand(shape ...int64) torch.Tensor {
	var out C.TxTensor
	must("rand", C.tx_rand(g.h, shapePtr(shape), C.int64_t(len(shape)), &out))
	runtime.KeepAlive(g)
	return g.place(wrap(out))
}

// SetDevice makes RandN and Rand return tensors on d (default the CPU);
// the draws themselves stay those of the CPU stream.
func (g *Generator) SetDevice(d Device) { g.dev = d }

// place moves a fresh draw, made on the CPU, to g's device.
func (g *Generator) place(t torch.Tensor) torch.Tensor {
	if g.dev.IsCPU() {
		return t
	}
	return ToDevice(t, g.dev)
}

// State returns the generator's state, like g.get_state(), for checkpoints.
func (g *Generator) State() ([]byte, error) {
	var data *C.uint8_t
	var n C.int64_t
	err := check("generator state", C.tx_generator_state(g.h, &data, &n))
	runtime.KeepAlive(g)
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(data))
	return C.GoBytes(unsafe.Pointer(data), C.int(n)), nil
}

// SetState restores a state returned by State.
func (g *Generator) SetState(state []byte) error {
	if len(state) == 0 {
		return &Error{Op: "set generator state", Msg: "empty state"}
	}
	err := check("set generator state", C.tx_generator_set_state(g.h,
		(*C.uint8_t)(unsafe.Pointer(&state[0])), C.int64_t(len(state))))
	runtime.KeepAlive(g)
	return err
}

func shapePtr(shape []int64) *C.int64_t {
	if len(shape) == 0 {
		panic(&Error{Op: "random", Msg: "empty shape"})
	}
	return (*C.int64_t)(unsafe.Pointer(&shape[0]))
}

// NoGrad runs fn with autograd off, like a torch.no_grad() block: tensors
// made inside record no graph. libtorch's grad mode belongs to the OS
// thread, so the goroutine stays on its thread while fn runs.
func NoGrad(fn func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	prev := C.tx_grad_enabled()
	C.tx_set_grad_enabled(0)
	defer C.tx_set_grad_enabled(prev)
	fn()
}

// GradEnabled reports whether autograd records operations on the calling
// OS thread.
func GradEnabled() bool { return C.tx_grad_enabled() != 0 }
