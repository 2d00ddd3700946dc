package nn

import (
	torch "github.com/wangkuiyi/gotorch"
	F "github.com/wangkuiyi/gotorch/nn/functional"
)

// BatchNorm defaults, PyTorch's.
const (
	DefaultMomentum = 0.1
	DefaultEps      = 1e-5
)

// BatchNorm2d normalises each channel of (N, C, H, W) inputs, like
// torch.nn.BatchNorm2d with affine weights and running statistics (but no
// num_batches_tracked counter: the momentum is fixed).
type BatchNorm2d struct {
	Weight      torch.Tensor // (C), trainable
	Bias        torch.Tensor // (C), trainable
	RunningMean torch.Tensor // (C), buffer, starts at 0
	RunningVar  torch.Tensor // (C), buffer, starts at 1
	Momentum    float64      // weight of the batch in the running statistics
	Eps         float64      // added to the variance
}

// NewBatchNorm2d returns a BatchNorm over c channels with the DCGAN
// initialisation (Weight from N(1, DCGANStd), Bias 0), momentum 0.1 and eps
// 1e-5.
func NewBatchNorm2d(c int64) *BatchNorm2d {
	return &BatchNorm2d{
		Weight:      normalParam(1, DCGANStd, c),
		Bias:        constParam(0, c),
		RunningMean: constBuffer(0, c),
		RunningVar:  constBuffer(1, c),
		Momentum:    DefaultMomentum,
		Eps:         DefaultEps,
	}
}

// Forward normalises x. In training mode it uses the batch's statistics
// and moves the running ones towards them (the unbiased variance, weighted
// by Momentum); in evaluation mode it uses the running statistics.
func (bn *BatchNorm2d) Forward(x torch.Tensor, training bool) torch.Tensor {
	return F.BatchNorm(x, bn.RunningMean, bn.RunningVar, bn.Weight, bn.Bias, training,
		bn.Momentum, bn.Eps)
}

// Parameters are Weight and Bias.
func (bn *BatchNorm2d) Parameters() []torch.Tensor {
	return []torch.Tensor{bn.Weight, bn.Bias}
}

// Buffers are RunningMean and RunningVar.
func (bn *BatchNorm2d) Buffers() []torch.Tensor {
	return []torch.Tensor{bn.RunningMean, bn.RunningVar}
}
