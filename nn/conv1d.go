package nn

import (
	torch "github.com/wangkuiyi/gotorch"
	F "github.com/wangkuiyi/gotorch/nn/functional"
)

// Conv1d is a 1-D convolution over (N, C, L) inputs with stride 1, like
// torch.nn.Conv1d with one group and no dilation. gotorch has no conv1d:
// Forward runs conv2d over (N, C, 1, L) with a (out, in, 1, k) view of W,
// which is what libtorch's own conv1d does.
type Conv1d struct {
	W       torch.Tensor // (out, in, k), PyTorch's layout
	B       torch.Tensor // (out); undefined (T nil) without bias
	Padding int64        // zeros added at each end
}

// NewConv1d returns a convolution from in to out channels with kernel k,
// padding pad and a bias, initialised like PyTorch's nn.Conv1d: W from
// U(-b, b) with b = 1/sqrt(in k) (kaiming_uniform_ with a = sqrt(5)), then
// B from U(-1/sqrt(in k), 1/sqrt(in k)), drawn from libtorch's global
// generator in that order.
func NewConv1d(in, out, k, pad int64) *Conv1d {
	wb, bb := pytorchLinearBounds(in * k)
	c := &Conv1d{W: uniformParam(wb, out, in, k), Padding: pad}
	c.B = uniformParam(bb, out)
	return c
}

// Forward maps (N, in, L) to (N, out, L + 2 Padding - k + 1).
func (c *Conv1d) Forward(x torch.Tensor) torch.Tensor {
	s, w := x.Shape(), c.W.Shape()
	x4 := reshape(x, s[0], s[1], 1, s[2])   // (N, in, 1, L)
	w4 := reshape(c.W, w[0], w[1], 1, w[2]) // (out, in, 1, k)
	y := F.Conv2d(x4, w4, c.B, []int64{1, 1}, []int64{0, c.Padding}, []int64{1, 1}, 1)
	return reshape(y, s[0], w[0], -1) // (N, out, L')
}

// Parameters are W, then B when defined.
func (c *Conv1d) Parameters() []torch.Tensor { return withBias(c.W, c.B) }

// ResidualScale is the weight of a residual block's branch: WGAN-GP's
// language model adds 0.3 times the branch to the block's input.
const ResidualScale = 0.3

// ResBlock1d is a residual block of 1-D convolutions as in WGAN-GP's
// language model (Gulrajani et al. 2017): x + 0.3 conv2(relu(conv1(relu(x)))),
// both convolutions dim -> dim with kernel k and "same" padding.
type ResBlock1d struct {
	Conv1, Conv2 *Conv1d
}

// NewResBlock1d returns a block of width dim and odd kernel k, drawing
// Conv1's weights before Conv2's.
func NewResBlock1d(dim, k int64) *ResBlock1d {
	return &ResBlock1d{Conv1: NewConv1d(dim, dim, k, k/2), Conv2: NewConv1d(dim, dim, k, k/2)}
}

// Forward maps (N, dim, L) to (N, dim, L).
func (b *ResBlock1d) Forward(x torch.Tensor) torch.Tensor {
	h := b.Conv1.Forward(F.Relu(x, false))
	h = b.Conv2.Forward(F.Relu(h, false))
	return torch.Add(x, h, ResidualScale)
}

// Parameters are Conv1's, then Conv2's.
func (b *ResBlock1d) Parameters() []torch.Tensor {
	return append(b.Conv1.Parameters(), b.Conv2.Parameters()...)
}
