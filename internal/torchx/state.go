package torchx

// #include "torchx.h"
import "C"

import (
	"fmt"

	torch "github.com/wangkuiyi/gotorch"
)

// Copy copies src[i] into dst[i] in place under no-grad: the messenger
// refresh of Algorithm 1 (D_i into its messenger), weight sharing and
// resets. The tensors must pair up one to one with equal shapes; dtypes and
// devices may differ. After the copy the two sets share no storage.
func Copy(dst, src []torch.Tensor) error {
	d, s, err := pairs("copy", dst, src)
	if err != nil {
		return err
	}
	return check("copy", C.tx_copy(first(d), first(s), C.int64_t(len(d))))
}

// EMA moves dst towards src under no-grad: dst = decay*dst + (1-decay)*src,
// for an exponential moving average of G0's weights.
func EMA(dst, src []torch.Tensor, decay float64) error {
	if decay < 0 || decay > 1 {
		return &Error{Op: "ema", Msg: fmt.Sprintf("decay %g outside [0, 1]", decay)}
	}
	d, s, err := pairs("ema", dst, src)
	if err != nil {
		return err
	}
	return check("ema", C.tx_ema(first(d), first(s), C.int64_t(len(d)), C.double(decay)))
}

// AllFinite reports whether every element of every floating-point tensor in
// ts is finite, and if not, the index of the first tensor holding a NaN or
// an infinity (-1 when all are finite). It reads the values back to the
// host, so it synchronises a CUDA stream.
func AllFinite(ts []torch.Tensor) (finite bool, firstBad int, err error) {
	hs, err := handles("all_finite", ts)
	if err != nil {
		return false, -1, err
	}
	var ok C.int
	var bad C.int64_t
	msg := C.tx_all_finite(first(hs), C.int64_t(len(hs)), &ok, &bad)
	if err := check("all_finite", msg); err != nil {
		return false, -1, err
	}
	return ok != 0, int(bad), nil
}

// FiniteFlag is 1 when every floating-point tensor of ts is finite and 0
// otherwise, as a scalar tensor of ts[0]'s dtype on its device: the check
// of AllFinite without a wait of the host.
func FiniteFlag(ts []torch.Tensor) (torch.Tensor, error) {
	hs, err := handles("finite_flag", ts)
	if err != nil {
		return torch.Tensor{}, err
	}
	if len(hs) == 0 {
		return torch.Tensor{}, &Error{Op: "finite_flag", Msg: "no tensors"}
	}
	var out C.TxTensor
	if err := check("finite_flag", C.tx_finite_flag(first(hs), C.int64_t(len(hs)),
		&out)); err != nil {
		return torch.Tensor{}, err
	}
	return wrap(out), nil
}

// ZeroUnless is x where flag (a scalar of FiniteFlag) is 1, and zeros of
// x's shape where it is 0; gradients flow to x through the kept branch.
func ZeroUnless(x, flag torch.Tensor) torch.Tensor {
	var out C.TxTensor
	must("zero_unless", C.tx_zero_unless(mustHandle("zero_unless", x),
		mustHandle("zero_unless", flag), &out))
	return wrap(out)
}

// ZeroUnlessInPlace sets every floating-point tensor of ts to zeros where
// flag (a scalar of FiniteFlag) is 0, on the device, without autograd.
func ZeroUnlessInPlace(ts []torch.Tensor, flag torch.Tensor) error {
	hs, err := handles("zero_unless_", ts)
	if err != nil || len(hs) == 0 {
		return err
	}
	f, err := handle("zero_unless_", flag)
	if err != nil {
		return err
	}
	return check("zero_unless_", C.tx_zero_unless_(first(hs), C.int64_t(len(hs)), f))
}

func pairs(op string, dst, src []torch.Tensor) ([]C.TxTensor, []C.TxTensor, error) {
	if len(dst) != len(src) {
		return nil, nil, &Error{Op: op, Msg: fmt.Sprintf(
			"%d destination tensors for %d source tensors", len(dst), len(src))}
	}
	d, err := handles(op, dst)
	if err != nil {
		return nil, nil, err
	}
	s, err := handles(op, src)
	if err != nil {
		return nil, nil, err
	}
	return d, s, nil
}
