package torchx

// #include "train.h"
import "C"

import (
	"fmt"

	torch "github.com/wangkuiyi/gotorch"
)

// Optimizer updates a list of parameters from their gradients. Unlike
// gotorch's optimizers, its state is a list of tensors the trainer can
// checkpoint and copy (a messenger starts from its local discriminator's
// moments).
type Optimizer interface {
	// ZeroGrad drops the parameters' gradients.
	ZeroGrad() error
	// Step applies one update; parameters without a gradient are skipped.
	Step() error
	// State is the optimizer's state tensors, in a fixed order.
	State() []torch.Tensor
	// Steps is the number of steps taken (Adam's bias correction uses it).
	Steps() int64
	// SetSteps sets the step count, when restoring a checkpoint.
	SetSteps(n int64)
	// Params is the optimized parameters, in the order given.
	Params() []torch.Tensor
	// ParamState is the state tensors of parameter i alone.
	ParamState(i int) []torch.Tensor
}

// AdamOptions are Adam's hyperparameters. There are no implicit defaults:
// the paper's are LR 1e-4 (toy 1e-5), Beta1 0.5, Beta2 0.999, Eps 1e-8.
type AdamOptions struct {
	LR, Beta1, Beta2, Eps, WeightDecay float64
}

// Adam is torch.optim.Adam (PyTorch 1.13, amsgrad off) over params.
type Adam struct {
	opt           AdamOptions
	params        []torch.Tensor
	expAvg, expSq []torch.Tensor
	steps         int64
}

// NewAdam returns an Adam optimizer over params with zeroed moments.
func NewAdam(params []torch.Tensor, opt AdamOptions) (*Adam, error) {
	switch {
	case opt.LR <= 0:
		return nil, &Error{Op: "adam", Msg: fmt.Sprintf("learning rate %g, want > 0", opt.LR)}
	case opt.Beta1 < 0 || opt.Beta1 >= 1 || opt.Beta2 < 0 || opt.Beta2 >= 1:
		return nil, &Error{Op: "adam", Msg: fmt.Sprintf(
			"betas (%g, %g), want each in [0, 1)", opt.Beta1, opt.Beta2)}
	case opt.Eps <= 0:
		return nil, &Error{Op: "adam", Msg: fmt.Sprintf("eps %g, want > 0", opt.Eps)}
	}
	return &Adam{opt: opt, params: params, expAvg: zerosLike(params),
		expSq: zerosLike(params)}, nil
}

// ZeroGrad drops the parameters' gradients.
func (a *Adam) ZeroGrad() error { return ZeroGrad(a.params) }

// Step applies one Adam update.
func (a *Adam) Step() error {
	p, err := handles("adam", a.params)
	if err != nil {
		return err
	}
	m, _ := handles("adam", a.expAvg)
	v, _ := handles("adam", a.expSq)
	a.steps++
	o := a.opt
	return check("adam", C.tx_adam_step(first(p), first(m), first(v), C.int64_t(len(p)),
		C.int64_t(a.steps), C.double(o.LR), C.double(o.Beta1), C.double(o.Beta2),
		C.double(o.Eps), C.double(o.WeightDecay)))
}

// State is the first moments of every parameter, then the second moments.
func (a *Adam) State() []torch.Tensor {
	return append(append([]torch.Tensor{}, a.expAvg...), a.expSq...)
}

// Steps is the number of steps taken.
func (a *Adam) Steps() int64 { return a.steps }

// SetSteps sets the step count.
func (a *Adam) SetSteps(n int64) { a.steps = n }

// Params is the optimized parameters.
func (a *Adam) Params() []torch.Tensor { return a.params }

// ParamState is parameter i's first and second moments.
func (a *Adam) ParamState(i int) []torch.Tensor {
	return []torch.Tensor{a.expAvg[i], a.expSq[i]}
}

// RMSPropOptions are RMSProp's hyperparameters (torch.optim.RMSprop's
// defaults: Alpha 0.99, Eps 1e-8; WGAN uses LR 5e-5).
type RMSPropOptions struct {
	LR, Alpha, Eps, WeightDecay float64
}

// RMSProp is torch.optim.RMSprop (PyTorch 1.13, no momentum, not centered).
type RMSProp struct {
	opt       RMSPropOptions
	params    []torch.Tensor
	squareAvg []torch.Tensor
	steps     int64
}

// NewRMSProp returns an RMSProp optimizer over params.
func NewRMSProp(params []torch.Tensor, opt RMSPropOptions) (*RMSProp, error) {
	switch {
	case opt.LR <= 0:
		return nil, &Error{Op: "rmsprop", Msg: fmt.Sprintf("learning rate %g, want > 0", opt.LR)}
	case opt.Alpha < 0 || opt.Alpha >= 1:
		return nil, &Error{Op: "rmsprop", Msg: fmt.Sprintf("alpha %g, want [0, 1)", opt.Alpha)}
	case opt.Eps <= 0:
		return nil, &Error{Op: "rmsprop", Msg: fmt.Sprintf("eps %g, want > 0", opt.Eps)}
	}
	return &RMSProp{opt: opt, params: params, squareAvg: zerosLike(params)}, nil
}

// ZeroGrad drops the parameters' gradients.
func (r *RMSProp) ZeroGrad() error { return ZeroGrad(r.params) }

// Step applies one RMSProp update.
func (r *RMSProp) Step() error {
	p, err := handles("rmsprop", r.params)
	if err != nil {
		return err
	}
	s, _ := handles("rmsprop", r.squareAvg)
	r.steps++
	o := r.opt
	return check("rmsprop", C.tx_rmsprop_step(first(p), first(s), C.int64_t(len(p)),
		C.double(o.LR), C.double(o.Alpha), C.double(o.Eps), C.double(o.WeightDecay)))
}

// State is the running average of squared gradients of every parameter.
func (r *RMSProp) State() []torch.Tensor { return append([]torch.Tensor{}, r.squareAvg...) }

// Steps is the number of steps taken.
func (r *RMSProp) Steps() int64 { return r.steps }

// SetSteps sets the step count.
func (r *RMSProp) SetSteps(n int64) { r.steps = n }

// Params is the optimized parameters.
func (r *RMSProp) Params() []torch.Tensor { return r.params }

// ParamState is parameter i's running average of squared gradients.
func (r *RMSProp) ParamState(i int) []torch.Tensor { return []torch.Tensor{r.squareAvg[i]} }

func zerosLike(ts []torch.Tensor) []torch.Tensor {
	out := make([]torch.Tensor, len(ts))
	for i, t := range ts {
		var h C.TxTensor
		must("zeros_like", C.tx_zeros_like(mustHandle("zeros_like", t), &h))
		out[i] = wrap(h)
	}
	return out
}
