package torchx

// #include <stdlib.h>
// #include "device.h"
import "C"

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"unsafe"

	torch "github.com/wangkuiyi/gotorch"
)

// Device is where tensors live: the CPU (the zero value) or one CUDA
// device. "meta" (shapes without data) exists for tests.
type Device struct {
	Kind  string // "cpu", "cuda" or "meta"; "" is the CPU
	Index int    // the CUDA device, from 0
}

// CPU is the host.
var CPU = Device{Kind: "cpu"}

// ParseDevice reads "cpu", "cuda" (device 0), "cuda:K" or "meta". It only
// checks the spelling; Usable says whether this build and machine have
// the device.
func ParseDevice(s string) (Device, error) {
	kind, index, hasIndex := strings.Cut(s, ":")
	switch {
	case (kind == "cpu" || kind == "meta") && !hasIndex:
		return Device{Kind: kind}, nil
	case kind == "cuda" && !hasIndex:
		return Device{Kind: "cuda"}, nil
	case kind == "cuda":
		k, err := strconv.Atoi(index)
		if err != nil || k < 0 || strconv.Itoa(k) != index {
			return Device{}, fmt.Errorf("device %q: want cuda:K with K a device number "+
				"from 0", s)
		}
		return Device{Kind: "cuda", Index: k}, nil
	}
	return Device{}, fmt.Errorf("device %q: want cpu, cuda or cuda:K", s)
}

// String is the device as libtorch spells it: "cpu", "cuda:0".
func (d Device) String() string {
	switch d.Kind {
	case "", "cpu":
		return "cpu"
	case "cuda":
		return "cuda:" + strconv.Itoa(d.Index)
	}
	return d.Kind
}

// IsCPU reports whether d is the host.
func (d Device) IsCPU() bool { return d.Kind == "" || d.Kind == "cpu" }

// IsCUDA reports whether d is a CUDA device.
func (d Device) IsCUDA() bool { return d.Kind == "cuda" }

// Usable fails, saying why and what to do, when this build of sgan or this
// machine cannot put tensors on d.
func (d Device) Usable() error {
	if !d.IsCUDA() {
		return nil
	}
	if !CUDACompiled() {
		return fmt.Errorf("device %s: this sgan was built without CUDA (Debian's libtorch "+
			"is CPU-only): use the Docker image, or run scripts/setup.sh with "+
			"LIBTORCH=<a CUDA libtorch>, or choose the cpu device", d)
	}
	n := CUDADeviceCount()
	if n == 0 || !CUDAAvailable() {
		return fmt.Errorf("device %s: no CUDA device is visible (check nvidia-smi, and "+
			"docker run --gpus all), or choose the cpu device", d)
	}
	if d.Index >= n {
		return fmt.Errorf("device %s: only %d CUDA device(s) visible (cuda:0 to cuda:%d)",
			d, n, n-1)
	}
	return nil
}

// AutoDevice is CUDA device 0 where this build and machine have one, the
// CPU otherwise.
func AutoDevice() Device {
	cuda := Device{Kind: "cuda"}
	if cuda.Usable() == nil {
		return cuda
	}
	return CPU
}

// ToDevice returns a on d: a itself when it is there already, a copy
// otherwise (which autograd tracks, like torch.Tensor.to).
func ToDevice(a torch.Tensor, d Device) torch.Tensor {
	if d.IsCPU() && DeviceOf(a).IsCPU() {
		return a
	}
	dev := C.CString(d.String())
	defer C.free(unsafe.Pointer(dev))
	var out C.TxTensor
	must("to device", C.tx_to_device(mustHandle("to device", a), dev, &out))
	return wrap(out)
}

// MoveToDevice moves each of ts to d in place, under no-grad: every holder
// of ts[i] (a network's layer, the networks that share it) sees a leaf on
// d that requires a gradient as before. Move a network before making its
// optimizer, whose state is made from the parameters. Tensors already on d
// are left alone.
func MoveToDevice(ts []torch.Tensor, d Device) error {
	hs, err := handles("move to device", ts)
	if err != nil {
		return err
	}
	dev := C.CString(d.String())
	defer C.free(unsafe.Pointer(dev))
	err = check("move to "+d.String(), C.tx_move_to_device(first(hs), C.int64_t(len(hs)), dev))
	runtime.KeepAlive(ts)
	return err
}

// DeviceOf is the device a lives on.
func DeviceOf(a torch.Tensor) Device {
	var s *C.char
	must("device of", C.tx_device_of(mustHandle("device of", a), &s))
	defer C.free(unsafe.Pointer(s))
	d, err := ParseDevice(C.GoString(s))
	if err != nil {
		panic(&Error{Op: "device of", Msg: err.Error()})
	}
	return d
}

// FullLike is a tensor of a's shape, dtype and device filled with v, like
// torch.full_like.
func FullLike(a torch.Tensor, v float64) torch.Tensor {
	var out C.TxTensor
	must("full like", C.tx_full_like(mustHandle("full like", a), C.double(v), &out))
	return wrap(out)
}
