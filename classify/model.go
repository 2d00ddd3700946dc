package classify

import (
	"fmt"
	"math"

	torch "github.com/wangkuiyi/gotorch"
	F "github.com/wangkuiyi/gotorch/nn/functional"

	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
)

// The classifier architectures.
const (
	// ArchCNN2 is two 3x3 convolutions (32 and 64 channels), each followed
	// by ReLU and 2x2 max pooling, then a fully connected layer of Hidden
	// units with ReLU and a linear layer to one logit per class: the
	// digits' network (H and W multiples of 4).
	ArchCNN2 = "cnn2"
	// ArchCNN3BN is three 3x3 convolutions (32, 64 and 128 channels), each
	// followed by BatchNorm, ReLU and 2x2 max pooling, then the same two
	// fully connected layers: the colour images' network (H and W
	// multiples of 8), for CIFAR-10 (accuracy in BENCHMARKS.md).
	ArchCNN3BN = "cnn3-bn"
)

// DefaultArch is the architecture NewModel picks for images of shape
// (C, H, W): ArchCNN3BN for colour images whose sides are multiples of 8,
// ArchCNN2 otherwise.
func DefaultArch(shape [3]int64) string {
	if shape[0] == 3 && shape[1]%8 == 0 && shape[2]%8 == 0 {
		return ArchCNN3BN
	}
	return ArchCNN2
}

// Model is the classifier, one of the architectures ArchCNN2 and
// ArchCNN3BN. Conv3 and the BatchNorms are nil in ArchCNN2.
type Model struct {
	Arch    string   // ArchCNN2 or ArchCNN3BN
	Shape   [3]int64 // input (C, H, W)
	Classes []string // class names, one logit each
	Conv1   *nn.Conv2d
	Conv2   *nn.Conv2d
	Conv3   *nn.Conv2d
	BN      []*nn.BatchNorm2d // one per convolution in ArchCNN3BN
	FC1     *nn.Linear
	FC2     *nn.Linear
}

// Hidden is the width of Model's fully connected layer.
const Hidden = 128

// NewModel returns a model of DefaultArch(shape) for images of shape
// (C, H, W) and the given classes.
func NewModel(shape [3]int64, classes []string) (*Model, error) {
	return NewModelArch(DefaultArch(shape), shape, classes)
}

// NewModelArch returns a model of architecture arch for images of shape
// (C, H, W) and the given classes, with He-normal convolution weights, zero
// convolution biases, BatchNorm weights from N(1, 0.02) and PyTorch's
// Linear initialisation, drawn from libtorch's global generator (seed it
// with torchx.ManualSeed).
func NewModelArch(arch string, shape [3]int64, classes []string) (*Model, error) {
	pools := map[string]int64{ArchCNN2: 2, ArchCNN3BN: 3}[arch]
	if pools == 0 {
		return nil, fmt.Errorf("classify: architecture %q: want %s or %s",
			arch, ArchCNN2, ArchCNN3BN)
	}
	c, h, w := shape[0], shape[1], shape[2]
	side := int64(1) << pools
	if c < 1 || h < side || w < side || h%side != 0 || w%side != 0 {
		return nil, fmt.Errorf("classify: image shape %v: %s wants (C, H, W) "+
			"with H and W positive multiples of %d", shape, arch, side)
	}
	if len(classes) < 2 {
		return nil, fmt.Errorf("classify: %d classes: want at least 2 "+
			"(is the data set labelled?)", len(classes))
	}
	m := &Model{Arch: arch, Shape: shape, Classes: append([]string(nil), classes...)}
	m.Conv1 = heConv(c, 32)
	m.Conv2 = heConv(32, 64)
	features := 64 * (h / 4) * (w / 4)
	if arch == ArchCNN3BN {
		m.Conv3 = heConv(64, 128)
		m.BN = []*nn.BatchNorm2d{nn.NewBatchNorm2d(32), nn.NewBatchNorm2d(64),
			nn.NewBatchNorm2d(128)}
		features = 128 * (h / 8) * (w / 8)
	}
	m.FC1 = nn.NewLinear(features, Hidden, true)
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

// Forward maps images (N, C, H, W) in [-1, 1] to logits (N, classes), in
// evaluation mode (BatchNorm uses its running statistics).
func (m *Model) Forward(x torch.Tensor) torch.Tensor {
	return m.forward(x, false)
}

// forward is Forward in training mode when training is true: BatchNorm
// normalises with the batch's statistics and updates its running ones.
func (m *Model) forward(x torch.Tensor, training bool) torch.Tensor {
	for i, conv := range m.convs() {
		x = conv.Forward(x)
		if m.BN != nil {
			x = m.BN[i].Forward(x, training)
		}
		x = pool(F.Relu(x, false))
	}
	n := x.Shape()[0]
	x = torchx.Reshape(x, n, -1) // (N, channels * H/2^k * W/2^k)
	x = F.Relu(m.FC1.Forward(x), false)
	return m.FC2.Forward(x)
}

func (m *Model) convs() []*nn.Conv2d {
	if m.Conv3 == nil {
		return []*nn.Conv2d{m.Conv1, m.Conv2}
	}
	return []*nn.Conv2d{m.Conv1, m.Conv2, m.Conv3}
}

func pool(x torch.Tensor) torch.Tensor {
	return F.MaxPool2d(x, []int64{2, 2}, []int64{2, 2}, []int64{0, 0},
		[]int64{1, 1}, false)
}

// Parameters lists the trainable tensors in a fixed order: each
// convolution's weight and bias (then its BatchNorm's weight and bias in
// ArchCNN3BN), then the fully connected layers' weights and biases.
func (m *Model) Parameters() []torch.Tensor {
	var ps []torch.Tensor
	for i, conv := range m.convs() {
		ps = append(ps, conv.Parameters()...)
		if m.BN != nil {
			ps = append(ps, m.BN[i].Parameters()...)
		}
	}
	ps = append(ps, m.FC1.Parameters()...)
	return append(ps, m.FC2.Parameters()...)
}

// Buffers lists the BatchNorms' running means and variances in order;
// none in ArchCNN2.
func (m *Model) Buffers() []torch.Tensor {
	var bs []torch.Tensor
	for _, bn := range m.BN {
		bs = append(bs, bn.Buffers()...)
	}
	return bs
}
