package nn

import (
	torch "github.com/wangkuiyi/gotorch"
	F "github.com/wangkuiyi/gotorch/nn/functional"
)

// Linear is a fully connected layer, y = x W^T + B, like torch.nn.Linear.
type Linear struct {
	W torch.Tensor // (out, in)
	B torch.Tensor // (out); undefined (T nil) for a layer without bias
}

// NewLinear returns a Linear layer from in to out features, initialised like
// PyTorch's nn.Linear: W from U(-b, b) with b = 1/sqrt(in) (kaiming_uniform_
// with a = sqrt(5)), then B from U(-1/sqrt(in), 1/sqrt(in)), both drawn from
// libtorch's global generator in that order, so that with the same seed
// PyTorch draws the same values.
func NewLinear(in, out int64, bias bool) *Linear {
	wb, bb := pytorchLinearBounds(in)
	l := &Linear{W: uniformParam(wb, out, in)}
	if bias {
		l.B = uniformParam(bb, out)
	}
	return l
}

// Forward maps x of shape (N, in) to (N, out).
func (l *Linear) Forward(x torch.Tensor) torch.Tensor {
	return F.Linear(x, l.W, l.B)
}

// Parameters are W, then B when defined.
func (l *Linear) Parameters() []torch.Tensor {
	return withBias(l.W, l.B)
}

// withBias lists w, and b when it is defined.
func withBias(w, b torch.Tensor) []torch.Tensor {
	if b.T == nil {
		return []torch.Tensor{w}
	}
	return []torch.Tensor{w, b}
}
