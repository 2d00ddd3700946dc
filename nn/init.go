package nn

import (
	"math"

	torch "github.com/wangkuiyi/gotorch"
	"github.com/wangkuiyi/gotorch/nn/initializer"
)

// DCGANStd is the standard deviation of the DCGAN initialisation:
// convolution weights from N(0, DCGANStd), BatchNorm weights from
// N(1, DCGANStd).
const DCGANStd = 0.02

// newParam returns an uninitialised leaf of the given shape that requires a
// gradient.
func newParam(shape ...int64) torch.Tensor {
	return torch.Empty(shape, true)
}

// normalParam is a parameter drawn from N(mean, std) with libtorch's global
// generator.
func normalParam(mean, std float64, shape ...int64) torch.Tensor {
	t := newParam(shape...)
	initializer.Normal(&t, mean, std)
	return t
}

// uniformParam is a parameter drawn from U(-bound, bound) with libtorch's
// global generator.
func uniformParam(bound float64, shape ...int64) torch.Tensor {
	t := newParam(shape...)
	initializer.Uniform(&t, -bound, bound)
	return t
}

// constParam is a parameter filled with v.
func constParam(v float32, shape ...int64) torch.Tensor {
	return torch.Full(shape, v, true)
}

// constBuffer is a tensor without gradient filled with v.
func constBuffer(v float32, shape ...int64) torch.Tensor {
	return torch.Full(shape, v, false)
}

// pytorchLinearBounds are the bounds of PyTorch's default initialisation of
// nn.Linear (and of convolutions) with fanIn inputs per output: the weight
// from kaiming_uniform_ with a = sqrt(5), the bias from
// U(-1/sqrt(fanIn), 1/sqrt(fanIn)). The weight bound is computed in the
// same steps as torch.nn.init so that both draw the same values.
func pytorchLinearBounds(fanIn int64) (weight, bias float64) {
	a := math.Sqrt(5)
	gain := math.Sqrt(2.0 / (1 + a*a))
	std := gain / math.Sqrt(float64(fanIn))
	return math.Sqrt(3.0) * std, 1 / math.Sqrt(float64(fanIn))
}
