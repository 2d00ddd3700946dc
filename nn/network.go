package nn

import (
	torch "github.com/wangkuiyi/gotorch"
)

// Network is a generator or a discriminator.
type Network interface {
	// Forward maps a batch to the network's output: z (N, nz) to samples
	// for a generator, samples to logits (N) for a discriminator.
	Forward(x torch.Tensor) torch.Tensor
	// Parameters are the trainable tensors, leaves that require a gradient,
	// in a fixed order (layer by layer: weight, bias, BatchNorm weight and
	// bias).
	Parameters() []torch.Tensor
	// Buffers are the state that is not trained (BatchNorm's running mean
	// and variance, layer by layer), in a fixed order.
	Buffers() []torch.Tensor
	// SetTraining switches between training mode (BatchNorm uses and
	// updates batch statistics; the default) and evaluation mode.
	SetTraining(on bool)
	// Training reports the mode set by SetTraining.
	Training() bool
	// Spec is the resolved architecture, which New turns into a network of
	// the same shape.
	Spec() Spec
}

// affine is a stage's trainable layer: *Linear, *Conv2d,
// *ConvTranspose2d, *Conv1d or *ResBlock1d.
type affine interface {
	Forward(x torch.Tensor) torch.Tensor
	Parameters() []torch.Tensor
}

// stage is an affine layer, an optional BatchNorm and an activation. Stages
// are shared by pointer between the networks of NewShared.
type stage struct {
	layer affine
	norm  *BatchNorm2d // nil when the stage has none
	act   actKind
	slope float64 // of actLeakyReLU
	view  []int64 // shape of each output example; nil: as is
}

func (s *stage) forward(x torch.Tensor, training bool) torch.Tensor {
	x = s.layer.Forward(x)
	if s.norm != nil {
		x = s.norm.Forward(x, training)
	}
	x = activate(x, s.act, s.slope)
	if s.view != nil {
		x = reshape(x, append([]int64{x.Shape()[0]}, s.view...)...)
	}
	return x
}

func (s *stage) parameters() []torch.Tensor {
	ps := s.layer.Parameters()
	if s.norm != nil {
		ps = append(ps, s.norm.Parameters()...)
	}
	return ps
}

func (s *stage) buffers() []torch.Tensor {
	if s.norm == nil {
		return nil
	}
	return s.norm.Buffers()
}

// newStage builds and initialises the stage that p describes, drawing the
// layer's weights before BatchNorm's.
func newStage(p stagePlan) *stage {
	s := &stage{act: p.act, slope: p.slope, view: p.view}
	opt := ConvOptions{Kernel: p.kernel, Stride: p.stride, Padding: p.padding, Bias: p.bias}
	switch p.kind {
	case linearLayer:
		s.layer = NewLinear(p.in, p.out, p.bias)
	case convLayer:
		s.layer = NewConv2d(p.in, p.out, opt)
	case convTLayer:
		s.layer = NewConvTranspose2d(p.in, p.out, opt)
	case conv1dLayer:
		s.layer = NewConv1d(p.in, p.out, p.kernel, p.padding)
	case resBlockLayer:
		s.layer = NewResBlock1d(p.in, p.kernel)
	}
	if p.norm {
		s.norm = NewBatchNorm2d(p.out)
	}
	return s
}

// Net is the Network that New builds: a sequence of stages.
type Net struct {
	spec     Spec
	stages   []*stage
	training bool
}

// New builds and initialises the network that spec describes (see the
// package documentation for the architectures and initialisation), in
// training mode. Every random draw comes from libtorch's global generator.
func New(spec Spec) (Network, error) {
	return newNet(spec, nil)
}

// newNet builds a Net, taking stage i from shared[i] where that is not nil
// (no random draws for those) and building the others.
func newNet(spec Spec, shared []*stage) (*Net, error) {
	s, err := spec.Resolve()
	if err != nil {
		return nil, err
	}
	plans := plan(s)
	n := &Net{spec: s, stages: make([]*stage, len(plans)), training: true}
	for i, p := range plans {
		if i < len(shared) && shared[i] != nil {
			n.stages[i] = shared[i]
			continue
		}
		n.stages[i] = newStage(p)
	}
	return n, nil
}

// Forward implements Network. A generator takes z of shape (N, nz) (a DCGAN
// generator also (N, nz, 1, 1)) and returns (N, DataDim), (N, C, H, W) or,
// for resnet1d, (N, V, L) (a softmax over V); a discriminator takes (N, C,
// H, W), (N, V, L) or, for MLP, anything that flattens to (N, DataDim), and
// returns logits of shape (N).
func (n *Net) Forward(x torch.Tensor) torch.Tensor {
	batch := x.Shape()[0]
	switch {
	case n.spec.Arch == MLP && n.spec.Role == Discriminator:
		x = reshape(x, batch, -1) // (N, DataDim)
	case n.spec.Arch.ImageSize() > 0 && n.spec.Role == Generator:
		x = reshape(x, batch, -1, 1, 1) // (N, nz, 1, 1)
	}
	for _, s := range n.stages {
		x = s.forward(x, n.training)
	}
	if n.spec.Role == Discriminator {
		x = reshape(x, batch) // (N, 1) or (N, 1, 1, 1) -> (N)
	}
	return x
}

// Parameters implements Network.
func (n *Net) Parameters() []torch.Tensor {
	var ps []torch.Tensor
	for _, s := range n.stages {
		ps = append(ps, s.parameters()...)
	}
	return ps
}

// Buffers implements Network.
func (n *Net) Buffers() []torch.Tensor {
	var bs []torch.Tensor
	for _, s := range n.stages {
		bs = append(bs, s.buffers()...)
	}
	return bs
}

// SetTraining implements Network.
func (n *Net) SetTraining(on bool) { n.training = on }

// Training implements Network.
func (n *Net) Training() bool { return n.training }

// Spec implements Network.
func (n *Net) Spec() Spec { return n.spec }

// CountParams is the number of values in ts, e.g. a network's Parameters.
func CountParams(ts []torch.Tensor) int64 {
	var total int64
	for _, t := range ts {
		total += numel(t.Shape())
	}
	return total
}
