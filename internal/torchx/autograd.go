package torchx

// #include "torchx.h"
import "C"

import (
	torch "github.com/wangkuiyi/gotorch"
)

// GradOptions are the flags of Grad; the zero value frees the graph after
// use, like torch.autograd.grad's defaults.
type GradOptions struct {
	// CreateGraph builds the graph of the gradient itself, so a penalty on
	// the gradient (WGAN-GP, DRAGAN) can be back-propagated: double backprop.
	CreateGraph bool
	// RetainGraph keeps the graph of outputs for another backward pass.
	// libtorch retains it whenever CreateGraph is set.
	RetainGraph bool
}

// Grad returns the gradients of the sum of outputs (each weighted by its
// gradOutputs entry) with respect to inputs, like torch.autograd.grad.
// gradOutputs may be nil when every output is a scalar. Every input must be
// used by the graph and require a gradient.
func Grad(outputs, inputs, gradOutputs []torch.Tensor, opt GradOptions) (
	[]torch.Tensor, error) {
	const op = "grad"
	outs, err := handles(op, outputs)
	if err != nil {
		return nil, err
	}
	ins, err := handles(op, inputs)
	if err != nil {
		return nil, err
	}
	gouts, err := handles(op, gradOutputs)
	if err != nil {
		return nil, err
	}
	if len(outs) == 0 || len(ins) == 0 {
		return nil, &Error{Op: op, Msg: "need at least one output and one input"}
	}
	if len(gouts) != 0 && len(gouts) != len(outs) {
		return nil, &Error{Op: op, Msg: "gradOutputs must be empty or one per output"}
	}
	res := make([]C.TxTensor, len(ins))
	msg := C.tx_grad(first(outs), C.int64_t(len(outs)), first(ins), C.int64_t(len(ins)),
		first(gouts), C.int64_t(len(gouts)), cbool(opt.CreateGraph),
		cbool(opt.RetainGraph || opt.CreateGraph), first(res))
	if err := check(op, msg); err != nil {
		return nil, err
	}
	grads := make([]torch.Tensor, len(res))
	for i, h := range res {
		grads[i] = wrap(h)
	}
	return grads, nil
}

// Backward back-propagates from the scalar loss into the gradients of the
// leaves, like loss.backward(); unlike gotorch's Backward, a libtorch error
// is returned rather than aborting the process.
func Backward(loss torch.Tensor, retainGraph bool) error {
	h, err := handle("backward", loss)
	if err != nil {
		return err
	}
	return check("backward", C.tx_backward(h, cbool(retainGraph)))
}

// SetRequiresGrad sets whether autograd records operations on t, like
// t.requires_grad_(on). Only leaves may be changed.
func SetRequiresGrad(t torch.Tensor, on bool) error {
	h, err := handle("requires_grad", t)
	if err != nil {
		return err
	}
	return check("requires_grad", C.tx_set_requires_grad(h, cbool(on)))
}

// RequiresGrad reports whether autograd records operations on t.
func RequiresGrad(t torch.Tensor) (bool, error) {
	h, err := handle("requires_grad", t)
	if err != nil {
		return false, err
	}
	var on C.int
	if err := check("requires_grad", C.tx_requires_grad(h, &on)); err != nil {
		return false, err
	}
	return on != 0, nil
}

// ZeroGrad drops the accumulated gradients of params (sets them to
// undefined, like PyTorch's zero_grad(set_to_none=True)).
func ZeroGrad(params []torch.Tensor) error {
	hs, err := handles("zero_grad", params)
	if err != nil {
		return err
	}
	return check("zero_grad", C.tx_zero_grad(first(hs), C.int64_t(len(hs))))
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}
