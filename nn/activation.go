package nn

import (
	torch "github.com/wangkuiyi/gotorch"
	F "github.com/wangkuiyi/gotorch/nn/functional"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// activate applies the activation act (with LeakyReLU's negative slope).
func activate(x torch.Tensor, act actKind, slope float64) torch.Tensor {
	switch act {
	case actReLU:
		return F.Relu(x, false)
	case actLeakyReLU:
		return F.LeakyRelu(x, slope, false)
	case actTanh:
		return torch.Tanh(x)
	case actSoftmax:
		// gotorch has log_softmax but no softmax.
		return torchx.Exp(torch.LogSoftmax(x, 1))
	}
	return x
}

// reshape returns x with the given shape, one dimension of which may be -1.
func reshape(x torch.Tensor, shape ...int64) torch.Tensor {
	return torchx.Reshape(x, shape...)
}
