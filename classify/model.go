package classify

import (
	"fmt"
	"math"

	torch "github.com/wangkuiyi/gotorch"
	F "github.com/wangkuiyi/gotorch/nn/functional"

	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
)

// Model is the classifier: two 3x3 convolutions (32 and 64 channels), each
// followed by ReLU and 2x2 max pooling, then a fully connected layer of
// Hidden units with ReLU and a linear layer to one logit per class.
type Model struct {
	Shape   [3]int64 // input (C, H, W); H and W multiples of 4
	Classes []string // class names, one logit each
	Conv1   *nn.Conv2d
	Conv2   *nn.Conv2d
	FC1     *nn.Linear
	FC2     *nn.Linear
}

// Hidden is the width of Model's fully connected layer.
const Hidden = 128

// NewModel returns a model for images of shape (C, H, W) and the given
// classes, with He-normal convolution weights, zero convolution biases and
// PyTorch's Linear initialisation, drawn from libtorch's global generator
// (seed it with torchx.ManualSeed).
func NewModel(shape [3]int64, classes []string) (*Model, error) {
	c, h, w := shape[0], shape[1], shape[2]
	if c < 1 || h < 4 || w < 4 || h%4 != 0 || w%4 != 0 {
		return nil, fmt.Errorf("classify: image shape %v: want (C, H, W) "+
			"with H and W positive multiples of 4", shape)
	}
	if len(classes) < 2 {
		return nil, fmt.Errorf("classify: %d classes: want at least 2 "+
			"(is the data set labelled?)", len(classes))
	}
	m := &Model{Shape: shape, Classes: append([]string(nil), classes...)}
	m.Conv1 = heConv(c, 32)
	m.Conv2 = heConv(32, 64)
	m.FC1 = nn.NewLinear(64*(h/4)*(w/4), Hidden, true)
	m.FC2 = nn.NewLinear(Hidden, int64(len(classes)), true)
	return m, nil
}

// heConv is a 3x3 convolution with padding 1 whose weights are drawn from
// N(0, 2/fan_in), the He initialisation for ReLU networks.
func heConv(in, out int64) *nn.Conv2d {
	c := nn.NewConv2d(in, out, nn.ConvOptions{Kernel: 3, Padding: 1, Bias: true})
	std := math.Sqrt(2 / float64(in*9))
	w := torchx.MulScalar(torch.RandN([]int64{out, in, 3, 3}, false), std)
	if err := torchx.SetRequiresGrad(w, true); err != nil {
		panic(fmt.Sprintf("classify: fresh weight: %v", err))
	}
	c.W = w
	return c
}

// Forward maps images (N, C, H, W) in [-1, 1] to logits (N, classes).
func (m *Model) Forward(x torch.Tensor) torch.Tensor {
	x = pool(F.Relu(m.Conv1.Forward(x), false))
	x = pool(F.Relu(m.Conv2.Forward(x), false))
	n := x.Shape()[0]
	x = torchx.Reshape(x, n, -1)
	x = F.Relu(m.FC1.Forward(x), false)
	return m.FC2.Forward(x)
}

func pool(x torch.Tensor) torch.Tensor {
	return F.MaxPool2d(x, []int64{2, 2}, []int64{2, 2}, []int64{0, 0},
		[]int64{1, 1}, false)
}

// Parameters lists the trainable tensors in a fixed order: each layer's
// weight, then its bias.
func (m *Model) Parameters() []torch.Tensor {
	var ps []torch.Tensor
	ps = append(ps, m.Conv1.Parameters()...)
	ps = append(ps, m.Conv2.Parameters()...)
	ps = append(ps, m.FC1.Parameters()...)
	return append(ps, m.FC2.Parameters()...)
}
